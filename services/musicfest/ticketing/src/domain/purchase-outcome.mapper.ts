import { AUTHORIZE_PAYMENT } from '@coordina/payments/contracts';
import type { SagaFailure } from '@coordina/platform';

export type EndReason =
  | 'buyer_cancelled'
  | 'payment_declined'
  | 'payment_timeout'
  | 'tickets_not_issued'
  | 'event_cancelled'
  | 'left_waitlist';

/** The saga's ticket step, whose failure is not the buyer's payment's. */
export const ISSUE_TICKETS = 'IssueTickets';

export interface PurchaseOutcome {
  status: 'CANCELLED' | 'EXPIRED';
  reason: EndReason;
  /** What the buyer reads on the purchase. */
  detail: string;
}

/**
 * How a failed purchase saga ends: EXPIRED when the payment did not complete in time,
 * CANCELLED otherwise. A ticket issue that failed or timed out is the issuer's failure, not a
 * late payment: the paid purchase ends with `tickets_not_issued` (and is refunded).
 */
export class PurchaseOutcomeMapper {
  fromSagaFailure(f: SagaFailure): PurchaseOutcome {
    if (f.step === AUTHORIZE_PAYMENT) {
      if (f.kind === 'timeout') return { status: 'EXPIRED', reason: 'payment_timeout', detail: 'payment timed out' };
      return { status: 'CANCELLED', reason: 'payment_declined', detail: `payment declined: ${f.reason}` };
    }
    if (f.step === ISSUE_TICKETS) {
      const detail = f.kind === 'timeout' ? 'tickets were not issued in time' : `tickets not issued: ${f.reason}`;
      // A purchase no longer pending (the buyer cancelled meanwhile) keeps its own ending.
      if (f.kind !== 'rejected') return { status: 'CANCELLED', reason: 'tickets_not_issued', detail };
    }
    return { status: 'CANCELLED', reason: 'buyer_cancelled', detail: f.reason };
  }
}
