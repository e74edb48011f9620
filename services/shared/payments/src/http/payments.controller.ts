import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, RawBody } from '@coordina/platform';
import { Controller, Headers } from '@nestjs/common';
import type { PaymentView, WebhookAck } from '../contracts/payments.dto';
import { paymentsRoutes } from '../contracts/payments.routes';
import { PaymentsQuery } from './payments.query';
import { ProviderEventsService } from './provider-events.service';
import { WebhookVerifier } from './webhook.verifier';

@Controller()
export class PaymentsController {
  constructor(
    private readonly query: PaymentsQuery,
    private readonly verifier: WebhookVerifier,
    private readonly providerEvents: ProviderEventsService,
  ) {}

  @Endpoint(paymentsRoutes, 'POST /api/payments/webhooks/:provider')
  async webhook(
    @Input() { params: p }: InputOf<typeof paymentsRoutes, 'POST /api/payments/webhooks/:provider'>,
    @RawBody() raw: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<WebhookAck> {
    const event = await this.verifier.verify(p.provider, raw, headers);
    return this.providerEvents.apply(p.provider, event);
  }

  @Endpoint(paymentsRoutes, 'GET /api/payments/:id')
  get(
    @Input() { params: p }: InputOf<typeof paymentsRoutes, 'GET /api/payments/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PaymentView> {
    return this.query.get(p.id, user);
  }
}
