import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, RawBody, type RouteKey } from '@coordina/platform';
import { Controller, Headers, Res } from '@nestjs/common';
import type { PaymentLogView, PaymentView, RefundView, WebhookAck } from '../contracts/payments.dto';
import { paymentsRoutes } from '../contracts/payments.routes';
import { PaymentRefundsService } from './payment-refunds.service';
import { PaymentsQuery } from './payments.query';
import { ProviderEventsService } from './provider-events.service';
import { ReceiptsService } from './receipts.service';
import { WebhookVerifier } from './webhook.verifier';

type In<K extends RouteKey<typeof paymentsRoutes>> = InputOf<typeof paymentsRoutes, K>;

/** The part of Fastify's reply a binary answer uses. */
interface BinaryReply {
  header(name: string, value: string): BinaryReply;
  send(payload: Buffer): unknown;
}

@Controller()
export class PaymentsController {
  constructor(
    private readonly query: PaymentsQuery,
    private readonly verifier: WebhookVerifier,
    private readonly providerEvents: ProviderEventsService,
    private readonly refunds: PaymentRefundsService,
    private readonly receipts: ReceiptsService,
  ) {}

  @Endpoint(paymentsRoutes, 'POST /api/payments/webhooks/:provider')
  async webhook(
    @Input() { params: p }: In<'POST /api/payments/webhooks/:provider'>,
    @RawBody() raw: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<WebhookAck> {
    const event = await this.verifier.verify(p.provider, raw, headers);
    return this.providerEvents.apply(p.provider, event);
  }

  @Endpoint(paymentsRoutes, 'GET /api/payments/:id')
  get(@Input() { params: p }: In<'GET /api/payments/:id'>, @CurrentUser() user: AuthUser): Promise<PaymentView> {
    return this.query.get(p.id, user);
  }

  @Endpoint(paymentsRoutes, 'POST /api/payments/:id/refund')
  refund(
    @Input() { params: p, body }: In<'POST /api/payments/:id/refund'>,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<RefundView> {
    return this.refunds.refund(p.id, body, user, key);
  }

  @Endpoint(paymentsRoutes, 'GET /api/payments/:id/log')
  log(@Input() { params: p }: In<'GET /api/payments/:id/log'>): Promise<PaymentLogView> {
    return this.query.transactionLog(p.id);
  }

  @Endpoint(paymentsRoutes, 'GET /api/payments/:id/receipt')
  async receipt(
    @Input() { params: p }: In<'GET /api/payments/:id/receipt'>,
    @CurrentUser() user: AuthUser,
    @Res() reply: BinaryReply,
  ): Promise<void> {
    const pdf = await this.receipts.receipt(p.id, user);
    reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="receipt-${p.id}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  }
}
