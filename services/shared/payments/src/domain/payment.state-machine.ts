import type { PaymentStatuses } from '../contracts/payments.dto';

export type PaymentStatus = (typeof PaymentStatuses)[number];

/** What can happen to a payment: provider outcomes (by webhook) and a refund/void command. */
export type PaymentTrigger = 'succeeded' | 'failed' | 'refunded' | 'refund_requested';

/** What the service does when a transition is taken. */
export type PaymentEffect =
  | 'none'
  | 'publish_authorized'
  | 'publish_failed'
  | 'publish_refunded'
  | 'publish_voided'
  | 'refund_at_provider';

export interface PaymentStep {
  readonly to: PaymentStatus;
  readonly effect: PaymentEffect;
}

type Table = Record<PaymentStatus, Partial<Record<PaymentTrigger, PaymentStep>>>;

/**
 * The payment state machine. VOIDED: refund asked while the charge was pending, so a late
 * success is refunded at once and a late failure ends in CANCELED (nothing captured).
 * CANCELED: voided with nothing captured (pago.reembolsado amount 0 was announced); should the
 * provider still report a capture, it is refunded. Any pair missing here is an impossible
 * transition (a late or repeated provider event) and is ignored.
 */
const table: Table = {
  PENDING: {
    succeeded: { to: 'AUTHORIZED', effect: 'publish_authorized' },
    failed: { to: 'FAILED', effect: 'publish_failed' },
    refund_requested: { to: 'VOIDED', effect: 'none' },
  },
  AUTHORIZED: {
    refund_requested: { to: 'REFUNDING', effect: 'refund_at_provider' },
    refunded: { to: 'REFUNDED', effect: 'publish_refunded' },
  },
  REFUNDING: { refunded: { to: 'REFUNDED', effect: 'publish_refunded' } },
  VOIDED: {
    succeeded: { to: 'REFUNDING', effect: 'refund_at_provider' },
    failed: { to: 'CANCELED', effect: 'publish_voided' },
  },
  CANCELED: { succeeded: { to: 'REFUNDING', effect: 'refund_at_provider' } },
  FAILED: {},
  REFUNDED: {},
};

/**
 * The step for `trigger` in `status`, or undefined when it is impossible. `charged` tells
 * whether the provider was ever asked to charge: a pending payment never sent to the
 * provider is cancelled outright when a refund is asked.
 */
export function nextStep(status: PaymentStatus, trigger: PaymentTrigger, charged: boolean): PaymentStep | undefined {
  if (status === 'PENDING' && trigger === 'refund_requested' && !charged) {
    return { to: 'CANCELED', effect: 'publish_voided' };
  }
  return table[status][trigger];
}
