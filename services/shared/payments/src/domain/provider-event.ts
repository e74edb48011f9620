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
