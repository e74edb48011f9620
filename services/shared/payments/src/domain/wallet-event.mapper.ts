import { z } from 'zod';
import { echoedPaymentId, ignoredEvent, type ProviderEvent, triggerOf } from './provider-event';

const WalletEvent = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.record(z.string(), z.unknown()),
});

const Charge = z.object({
  id: z.string().min(1),
  metadata: z.record(z.string(), z.string()).nullish(),
  outcome: z.object({ code: z.string().nullish() }).nullish(),
});

const triggers = {
  'charge.succeeded': 'succeeded',
  'charge.failed': 'failed',
  'charge.refunded': 'refunded',
} as const;

/**
 * Reads a Yape or Plin aggregator event (`charge.succeeded`, `charge.failed`,
 * `charge.refunded`) into a ProviderEvent. Throws a ZodError when it is not shaped like one.
 */
export function fromWalletEvent(payload: unknown): ProviderEvent {
  const event = WalletEvent.parse(payload);
  const base = { id: event.id, type: event.type };
  const trigger = triggerOf(triggers, event.type);
  if (!trigger) return ignoredEvent(base.id, base.type);
  const charge = Charge.parse(event.data);
  return {
    ...base,
    trigger,
    providerRef: charge.id,
    paymentId: echoedPaymentId(charge.metadata?.paymentId),
    reason: trigger === 'failed' ? (charge.outcome?.code ?? 'declined') : undefined,
  };
}
