/** A ticket type's counts as the decision needs them. */
export interface SeatCounts {
  capacity: number;
  reserved: number;
  sold: number;
  waitlisted: number;
}

export type SeatDecision = 'reserve' | 'queue' | 'refuse';

/** One line of a purchase: so many tickets of one type. */
export interface SeatLine {
  ticketTypeId: string;
  quantity: number;
}

/**
 * THE seat rule of MusicFest (decision 0012), in one place; SQL only guards its writes. A
 * purchase is reserved when all its seats fit and nobody waits for any of its types (no queue
 * jumping); otherwise it queues whole while every type's line stays within factor × capacity;
 * otherwise it is refused. Freed seats go to the line in order: a waiting purchase is promoted
 * when all its seats fit, and one that does not fit blocks everyone behind it who shares a type.
 * Purchases are decided one after another on counts that move in memory, exactly as if each
 * were decided alone under the types' row locks.
 */
export class SeatDecisionRules {
  constructor(private readonly waitlistFactor: number) {}

  /** `n` more seats fit the type's capacity now. */
  fits(c: SeatCounts, n: number): boolean {
    return c.reserved + c.sold + n <= c.capacity;
  }

  /** `n` seats can be reserved for a new purchase: they fit and nobody waits for the type. */
  canReserve(c: SeatCounts, n: number): boolean {
    return c.waitlisted === 0 && this.fits(c, n);
  }

  /** `n` tickets more stay within the type's line bound. */
  canQueue(c: SeatCounts, n: number): boolean {
    return c.waitlisted + n <= Math.floor(this.waitlistFactor * c.capacity);
  }

  /**
   * Decides one purchase on `counts` (changed in place when it is reserved or queued); with a
   * refusal, `refused` is the first line whose line is full.
   */
  decideBasket(counts: ReadonlyMap<string, SeatCounts>, lines: readonly SeatLine[]) {
    const of = (l: SeatLine) => {
      const c = counts.get(l.ticketTypeId);
      if (!c) throw new Error(`no counts for ticket type ${l.ticketTypeId}`);
      return c;
    };
    if (lines.every((l) => this.canReserve(of(l), l.quantity))) {
      for (const l of lines) of(l).reserved += l.quantity;
      return { decision: 'reserve' as const };
    }
    const refused = lines.find((l) => !this.canQueue(of(l), l.quantity));
    if (refused) return { decision: 'refuse' as const, refused };
    for (const l of lines) of(l).waitlisted += l.quantity;
    return { decision: 'queue' as const };
  }

  /** The decisions of one-type requests, in arrival order, and the counts after all of them. */
  decide(counts: SeatCounts, quantities: readonly number[]): { decisions: SeatDecision[]; after: SeatCounts } {
    const after = new Map([['t', { ...counts }]]);
    const decisions = quantities.map(
      (quantity) => this.decideBasket(after, [{ ticketTypeId: 't', quantity }]).decision,
    );
    return { decisions, after: after.get('t') as SeatCounts };
  }

  /**
   * Promotes waiting purchases, given in line order, while they fit: strict FIFO per ticket
   * type. `counts` (every type of the event) changes in place; returns the promoted ones.
   */
  promote<P extends { lines: readonly SeatLine[] }>(counts: ReadonlyMap<string, SeatCounts>, waiting: readonly P[]) {
    const blocked = new Set<string>();
    const promoted: P[] = [];
    for (const p of waiting) {
      if (blocked.size >= counts.size) break;
      const fit =
        !p.lines.some((l) => blocked.has(l.ticketTypeId)) &&
        p.lines.every((l) => {
          const c = counts.get(l.ticketTypeId);
          return c !== undefined && this.fits(c, l.quantity);
        });
      if (!fit) {
        for (const l of p.lines) blocked.add(l.ticketTypeId);
        continue;
      }
      for (const l of p.lines) {
        const c = counts.get(l.ticketTypeId) as SeatCounts;
        c.reserved += l.quantity;
        c.waitlisted -= l.quantity;
      }
      promoted.push(p);
    }
    return promoted;
  }
}
