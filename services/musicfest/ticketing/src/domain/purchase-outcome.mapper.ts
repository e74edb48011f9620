export type EndReason =
  | 'buyer_cancelled'
  | 'payment_declined'
  | 'payment_timeout'
  | 'event_cancelled'
  | 'left_waitlist';

/** How a failed purchase saga ends: EXPIRED when a step timed out, CANCELLED otherwise. */
export class PurchaseOutcomeMapper {
  fromSagaFailure(failure: string): { status: 'CANCELLED' | 'EXPIRED'; reason: EndReason; detail: string } {
    if (/timed out/.test(failure)) return { status: 'EXPIRED', reason: 'payment_timeout', detail: failure };
    if (/declined/.test(failure)) return { status: 'CANCELLED', reason: 'payment_declined', detail: failure };
    return { status: 'CANCELLED', reason: 'buyer_cancelled', detail: failure };
  }
}
