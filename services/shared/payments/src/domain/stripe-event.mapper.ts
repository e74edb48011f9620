import { z } from 'zod';
import { echoedPaymentId, ignoredEvent, type ProviderEvent } from './provider-event';

const Metadata = z.record(z.string(), z.string()).nullish();

const StripeEvent = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event').optional(),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const PaymentIntent = z.object({
  id: z.string().min(1),
  metadata: Metadata,
  last_payment_error: z
    .object({ code: z.string().nullish(), decline_code: z.string().nullish(), message: z.string().nullish() })
    .nullish(),
});

const Charge = z.object({
  id: z.string().min(1),
  payment_intent: z.string().nullish(),
  metadata: Metadata,
});

function paymentIdOf(metadata: Record<string, string> | null | undefined): string | undefined {
  return echoedPaymentId(metadata?.paymentId);
}

/**
 * Reads a Stripe-format event (the real Stripe's, or the sandbox's) into a ProviderEvent.
 * Throws a ZodError when the payload is not shaped like a Stripe event.
 */
export function fromStripeEvent(payload: unknown): ProviderEvent {
  const event = StripeEvent.parse(payload);
  const base = { id: event.id, type: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const pi = PaymentIntent.parse(event.data.object);
      const failed = event.type === 'payment_intent.payment_failed';
      return {
        ...base,
        trigger: failed ? 'failed' : 'succeeded',
        providerRef: pi.id,
        paymentId: paymentIdOf(pi.metadata),
        reason: failed ? (pi.last_payment_error?.code ?? 'payment_failed') : undefined,
      };
    }
    case 'charge.refunded': {
      const charge = Charge.parse(event.data.object);
      return {
        ...base,
        trigger: 'refunded',
        providerRef: charge.payment_intent ?? undefined,
        paymentId: paymentIdOf(charge.metadata),
        reason: undefined,
      };
    }
    default:
      return ignoredEvent(event.id, event.type);
  }
}
