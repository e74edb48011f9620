/** A ticket type's counts as the decision needs them. */
export interface SeatCounts {
  capacity: number;
  reserved: number;
  sold: number;
  waitlisted: number;
}

export type SeatDecision = 'reserve' | 'queue' | 'refuse';

/**
 * Reserve, queue or refuse the requests for one ticket type, in arrival order, exactly as if
 * each were decided alone under the type's row lock: a request is reserved when its seats fit
 * and nobody waits for the type (no queue jumping), otherwise queued while the waitlist stays
 * within factor × capacity, otherwise refused.
 */
export class SeatDecisionRules {
  constructor(private readonly waitlistFactor: number) {}

  /** The decisions, one per quantity, and the counts after all of them. */
  decide(counts: SeatCounts, quantities: readonly number[]): { decisions: SeatDecision[]; after: SeatCounts } {
    const after = { ...counts };
    const queueLimit = Math.floor(this.waitlistFactor * counts.capacity);
    const decisions = quantities.map((n): SeatDecision => {
      if (after.waitlisted === 0 && after.reserved + after.sold + n <= after.capacity) {
        after.reserved += n;
        return 'reserve';
      }
      if (after.waitlisted + n <= queueLimit) {
        after.waitlisted += n;
        return 'queue';
      }
      return 'refuse';
    });
    return { decisions, after };
  }
}
