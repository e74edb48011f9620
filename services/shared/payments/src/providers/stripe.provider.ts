import Stripe from 'stripe';
import type { CreatePaymentInput, PaymentProvider } from './payment-provider.port';
import { PaymentRejectedError } from './payment-rejected.error';
import { ProviderUnavailableError } from './provider-unavailable.error';

/**
 * Stripe, through its SDK. The charge is confirmed at once (`confirm: true`) with our payment
 * id as idempotency key; the outcome is taken from the webhook, never from this answer.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly #stripe: Stripe;

  constructor(apiKey: string, stripe?: Stripe) {
    this.#stripe = stripe ?? new Stripe(apiKey, { maxNetworkRetries: 2 });
  }

  async createPayment(input: CreatePaymentInput): Promise<{ providerRef: string; status: 'pending' }> {
    try {
      const intent = await this.#stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          payment_method: input.paymentMethod,
          confirm: true,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { ...input.metadata, paymentId: input.paymentId },
        },
        { idempotencyKey: input.paymentId },
      );
      return { providerRef: intent.id, status: 'pending' };
    } catch (err) {
      // A declined card still creates the PaymentIntent; payment_intent.payment_failed follows.
      if (err instanceof Stripe.errors.StripeCardError && err.payment_intent?.id) {
        return { providerRef: err.payment_intent.id, status: 'pending' };
      }
      if (err instanceof Stripe.errors.StripeInvalidRequestError) {
        throw new PaymentRejectedError(err.code ?? 'invalid_request');
      }
      // No answer, or a 5xx, after the SDK's own retries: payments retries the charge later.
      if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) {
        throw new ProviderUnavailableError(err.message);
      }
      throw err;
    }
  }

  async refund(providerRef: string, amount: number, _tx?: unknown, key?: string): Promise<void> {
    await this.#stripe.refunds.create(
      { payment_intent: providerRef, amount },
      { idempotencyKey: key ? `refund:${key}` : `refund:${providerRef}:${amount}` },
    );
  }
}
