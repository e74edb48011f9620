import { z } from 'zod';
import type { PaymentTrigger } from './payment.state-machine';

/** A verified provider webhook, reduced to what the payment state machine needs. */
export interface ProviderEvent {
  /** The provider's event id (deduplication key). */
  readonly id: string;
  readonly type: string;
  /** undefined: an event type payments does not act on. */
  readonly trigger: Exclude<PaymentTrigger, 'refund_requested'> | undefined;
  /** The provider's payment reference (PaymentIntent id). */
  readonly providerRef: string | undefined;
  /** Our payment id, from the metadata we sent with the charge. */
  readonly paymentId: string | undefined;
  /** Why a charge failed (provider error code). */
  readonly reason: string | undefined;
}

const Uuid = z.uuid();

/** Our payment id as a provider echoed it back (metadata, custom_id), when it is one. */
export function echoedPaymentId(id: string | null | undefined): string | undefined {
  return id && Uuid.safeParse(id).success ? id : undefined;
}

/**
 * What an event type means for the payment, from a provider's table of the types payments
 * acts on; undefined for any other type.
 */
export function triggerOf<T extends Readonly<Record<string, ProviderEvent['trigger']>>>(
  table: T,
  type: string,
): ProviderEvent['trigger'] {
  return Object.hasOwn(table, type) ? table[type] : undefined;
}

/** An event of a type payments does not act on (acknowledged, ignored). */
export function ignoredEvent(id: string, type: string): ProviderEvent {
  return { id, type, trigger: undefined, providerRef: undefined, paymentId: undefined, reason: undefined };
}
