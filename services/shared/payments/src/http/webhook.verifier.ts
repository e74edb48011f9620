import { AppError, SERVICE_CONTEXT, type ServiceContext, validationError } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { ZodError } from 'zod';
import type { WebhookProvider } from '../contracts/payments.dto';
import { PaymentsErrors } from '../contracts/payments.errors';
import { fromPayPalEvent } from '../domain/paypal-event.mapper';
import type { ProviderEvent } from '../domain/provider-event';
import { fromStripeEvent } from '../domain/stripe-event.mapper';
import { fromWalletEvent } from '../domain/wallet-event.mapper';
import { InvalidWebhookSignatureError } from '../providers/invalid-webhook-signature.error';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../providers/payment-providers.registry';
import { verifyWalletSignature, walletSignatureHeader } from '../providers/wallet/wallet-signature';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Verifies a provider webhook exactly as its provider documents it, then reads it:
 * - sandbox, stripe: Stripe-Signature, HMAC-SHA256 of `timestamp.payload` with the endpoint
 *   secret, and a timestamp within 300 s (no replays);
 * - paypal: the transmission headers and RSA-SHA256 signature (PayPalWebhookVerifier);
 * - yape, plin: `x-<provider>-signature`, an HMAC-SHA256 of the raw body with the provider's
 *   webhook secret (decision 0063).
 * A bad or missing signature is 400 INVALID_SIGNATURE; a signed body of the wrong shape, 400
 * VALIDATION_FAILED.
 */
@Injectable()
export class WebhookVerifier {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
  ) {}

  async verify(provider: WebhookProvider, raw: string, headers: Headers): Promise<ProviderEvent> {
    switch (provider) {
      case 'sandbox':
      case 'stripe':
        return read(fromStripeEvent, this.#stripe(provider, raw, headers['stripe-signature']));
      case 'paypal':
        await this.#check(() => this.providers.paypalWebhooks.verify(raw, headers));
        return read(fromPayPalEvent, parse(raw));
      case 'yape':
      case 'plin': {
        const header = headers[walletSignatureHeader(provider)];
        const secret = await this.providers.walletSecrets[provider]();
        await this.#check(async () =>
          verifyWalletSignature(raw, typeof header === 'string' ? header : undefined, secret),
        );
        return read(fromWalletEvent, parse(raw));
      }
    }
  }

  #stripe(provider: 'sandbox' | 'stripe', raw: string, signature: string | string[] | undefined): unknown {
    try {
      const header = typeof signature === 'string' ? signature : '';
      return Stripe.webhooks.constructEvent(raw, header, this.ctx.config.webhookSecrets[provider]);
    } catch (err) {
      const why =
        err instanceof Stripe.errors.StripeSignatureVerificationError ? err.message : 'malformed signed payload';
      throw new AppError(PaymentsErrors.INVALID_SIGNATURE, why);
    }
  }

  async #check(verify: () => Promise<void>): Promise<void> {
    try {
      await verify();
    } catch (err) {
      if (err instanceof InvalidWebhookSignatureError)
        throw new AppError(PaymentsErrors.INVALID_SIGNATURE, err.message);
      // PayPal's certificate could not be fetched: a passing fault, the provider retries.
      this.ctx.log.warn({ err }, 'webhook signature could not be checked');
      throw new AppError('SERVICE_UNAVAILABLE', 'the signature could not be checked now; retry');
    }
  }
}

/** The signed body as JSON (a verified body that is not JSON is a validation failure). */
function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function read(map: (payload: unknown) => ProviderEvent, payload: unknown): ProviderEvent {
  try {
    return map(payload);
  } catch (err) {
    if (err instanceof ZodError) throw validationError(err, 'body');
    throw err;
  }
}
