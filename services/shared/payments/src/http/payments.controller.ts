import { type AuthUser, CurrentUser, IdParams, RawBody, zod } from '@coordina/platform';
import { Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { type PaymentView, type WebhookAck, WebhookParams } from '../contracts/payments.dto';
import { PaymentsQuery } from './payments.query';
import { ProviderEventsService } from './provider-events.service';
import { WebhookVerifier } from './webhook.verifier';

@Controller('api/payments')
export class PaymentsController {
  constructor(
    private readonly query: PaymentsQuery,
    private readonly verifier: WebhookVerifier,
    private readonly providerEvents: ProviderEventsService,
  ) {}

  @Post('webhooks/:provider')
  @HttpCode(200)
  webhook(
    @Param(zod(WebhookParams)) p: WebhookParams,
    @RawBody() raw: string,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookAck> {
    const event = this.verifier.verify(p.provider, raw, signature);
    return this.providerEvents.apply(p.provider, event);
  }

  @Get(':id')
  get(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<PaymentView> {
    return this.query.get(p.id, user);
  }
}
