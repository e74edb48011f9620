import { z } from 'zod';
import { echoedPaymentId, ignoredEvent, type ProviderEvent, triggerOf } from './provider-event';

const PayPalEvent = z.object({
  id: z.string().min(1).max(255),
  event_type: z.string().min(1).max(255),
  resource: z.record(z.string(), z.unknown()),
});

/** A capture or refund resource: our payment id is the `custom_id` sent with the order (and the refund). */
const Resource = z.object({
  id: z.string().min(1),
  custom_id: z.string().nullish(),
  status_details: z.object({ reason: z.string().nullish() }).nullish(),
  supplementary_data: z.object({ related_ids: z.object({ order_id: z.string().nullish() }).nullish() }).nullish(),
});

const triggers = {
  'PAYMENT.CAPTURE.COMPLETED': 'succeeded',
  'PAYMENT.CAPTURE.DENIED': 'failed',
  'PAYMENT.CAPTURE.REFUNDED': 'refunded',
} as const;

/**
 * Reads a PayPal webhook event into a ProviderEvent. The provider's reference is the order id
 * (what the charge returned). Throws a ZodError when the payload is not a PayPal event.
 */
export function fromPayPalEvent(payload: unknown): ProviderEvent {
  const event = PayPalEvent.parse(payload);
  const base = { id: event.id, type: event.event_type };
  const trigger = triggerOf(triggers, event.event_type);
  if (!trigger) return ignoredEvent(base.id, base.type);
  const r = Resource.parse(event.resource);
  return {
    ...base,
    trigger,
    providerRef: r.supplementary_data?.related_ids?.order_id ?? undefined,
    paymentId: echoedPaymentId(r.custom_id),
    reason: trigger === 'failed' ? (r.status_details?.reason ?? 'PAYMENT_DENIED') : undefined,
  };
}
