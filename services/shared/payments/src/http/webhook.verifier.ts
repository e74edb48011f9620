import { AppError, SERVICE_CONTEXT, type ServiceContext, validationError } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { ZodError } from 'zod';
import type { WebhookParams } from '../contracts/payments.dto';
import { PaymentsErrors } from '../contracts/payments.errors';
import type { ProviderEvent } from '../domain/provider-event';
import { fromStripeEvent } from '../domain/stripe-event.mapper';

/**
 * Verifies a provider webhook exactly as Stripe documents it: HMAC-SHA256 of
 * `timestamp.payload` with the endpoint secret, and a timestamp within 300 s (no replays).
 */
@Injectable()
export class WebhookVerifier {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  verify(provider: WebhookParams['provider'], raw: string, signature: string | undefined): ProviderEvent {
    let payload: unknown;
    try {
      payload = Stripe.webhooks.constructEvent(raw, signature ?? '', this.ctx.config.webhookSecrets[provider]);
    } catch (err) {
      const why =
        err instanceof Stripe.errors.StripeSignatureVerificationError ? err.message : 'malformed signed payload';
      throw new AppError(PaymentsErrors.INVALID_SIGNATURE, why);
    }
    try {
      return fromStripeEvent(payload);
    } catch (err) {
      if (err instanceof ZodError) throw validationError(err, 'body');
      throw err;
    }
  }
}
