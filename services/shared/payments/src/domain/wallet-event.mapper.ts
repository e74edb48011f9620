import { z } from 'zod';
import type { ProviderEvent } from './provider-event';

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

const Uuid = z.uuid();

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
  const trigger = Object.hasOwn(triggers, event.type) ? triggers[event.type as keyof typeof triggers] : undefined;
  if (!trigger) return { ...base, trigger, providerRef: undefined, paymentId: undefined, reason: undefined };
  const charge = Charge.parse(event.data);
  const paymentId = charge.metadata?.paymentId;
  return {
    ...base,
    trigger,
    providerRef: charge.id,
    paymentId: paymentId && Uuid.safeParse(paymentId).success ? paymentId : undefined,
    reason: trigger === 'failed' ? (charge.outcome?.code ?? 'declined') : undefined,
  };
}
