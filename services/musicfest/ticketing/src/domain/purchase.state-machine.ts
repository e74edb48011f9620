import type { PurchaseStatus } from '../contracts/purchase.dto';

/**
 * NEW is the row the accepting transaction inserts before its seats are decided. It is stored
 * as PENDING (the table has no other status to give it) and is settled or removed before that
 * transaction commits, so nobody else ever reads it.
 */
export type PurchaseState = PurchaseStatus | 'NEW';

/**
 * What can happen to a purchase: accepted with seats (reserve) or in line (queue); promoted
 * from the line; its payment authorized; completed (reserved → sold); cancelled by its buyer
 * or by the event's cancellation; failed (declined payment...) or expired (timed out) by its saga.
 */
export type PurchaseTrigger = 'reserve' | 'queue' | 'promote' | 'authorize' | 'complete' | 'cancel' | 'fail' | 'expire';

/** What happens to the purchase's seats when a transition is taken. */
export type SeatMove =
  | 'none'
  | 'take_reserved'
  | 'take_queued'
  | 'queued_to_reserved'
  | 'reserved_to_sold'
  | 'release_queued'
  | 'release_reserved'
  | 'release_sold';

/**
 * When the purchase's tickets must be voided: never, always, or when the payment was
 * authorized (the issue is asked in the transaction that marks it authorized).
 */
export type VoidTickets = 'never' | 'always' | 'if_authorized';

export interface PurchaseStep {
  readonly to: PurchaseStatus;
  readonly seats: SeatMove;
  /** Ask payments to refund (or void) the payment. */
  readonly refund: boolean;
  readonly voidTickets: VoidTickets;
}

type Table = Record<PurchaseState, Partial<Record<PurchaseTrigger, PurchaseStep>>>;

const step = (
  to: PurchaseStatus,
  seats: SeatMove,
  refund = false,
  voidTickets: VoidTickets = 'never',
): PurchaseStep => ({
  to,
  seats,
  refund,
  voidTickets,
});

/**
 * The purchase state machine. A cancel is the same whoever asks (the buyer or the event's
 * cancellation): money that may have moved is refunded, tickets that may exist are voided. A
 * purchase ended by its saga (fail, expire) is refunded and voided by the saga's own
 * compensations, not here. Any pair missing here is an impossible transition (a late or
 * repeated command) and changes nothing.
 */
const table: Table = {
  NEW: {
    reserve: step('PENDING', 'take_reserved'),
    queue: step('WAITLISTED', 'take_queued'),
  },
  WAITLISTED: {
    promote: step('PENDING', 'queued_to_reserved'),
    cancel: step('CANCELLED', 'release_queued'),
  },
  PENDING: {
    authorize: step('PENDING', 'none'),
    complete: step('COMPLETED', 'reserved_to_sold'),
    cancel: step('CANCELLED', 'release_reserved', true, 'if_authorized'),
    fail: step('CANCELLED', 'release_reserved'),
    expire: step('EXPIRED', 'release_reserved'),
  },
  COMPLETED: {
    cancel: step('CANCELLED', 'release_sold', true, 'always'),
  },
  CANCELLED: {},
  EXPIRED: {},
};

const STATES = Object.keys(table) as PurchaseState[];

/** The step for `trigger` in `state`, or undefined when it is impossible. */
export function nextStep(state: PurchaseState, trigger: PurchaseTrigger): PurchaseStep | undefined {
  return table[state][trigger];
}

/** The states `trigger` may leave: the compare-and-set guard of the UPDATE that takes it. */
export function statesFrom(trigger: PurchaseTrigger): PurchaseState[] {
  return STATES.filter((s) => table[s][trigger] !== undefined);
}

/** The statuses stored for `statesFrom(trigger)` (NEW is stored as PENDING). */
export function statusesFrom(trigger: PurchaseTrigger): PurchaseStatus[] {
  return [...new Set(statesFrom(trigger).map((s) => (s === 'NEW' ? 'PENDING' : s)))];
}

/** The status `trigger` leads to (the same from every state it may leave). */
export function statusAfter(trigger: PurchaseTrigger): PurchaseStatus {
  const to = new Set(statesFrom(trigger).map((s) => table[s][trigger]?.to));
  const [only] = to;
  if (to.size !== 1 || !only) throw new Error(`trigger ${trigger} leads to ${to.size} statuses`);
  return only;
}

/** Whether the tickets must be voided by this step, given the payment's status. */
export function voidsTickets(s: PurchaseStep, paymentStatus: 'NONE' | 'AUTHORIZED' | 'FAILED'): boolean {
  return s.voidTickets === 'always' || (s.voidTickets === 'if_authorized' && paymentStatus === 'AUTHORIZED');
}

/** Live purchases: they hold seats (or a place in line) and count towards the buyer's quota. */
export const LIVE_STATUSES: readonly PurchaseStatus[] = statusesFrom('cancel');

/** Waiting in line for seats. */
export const WAITING_STATUS: PurchaseStatus = 'WAITLISTED';

/** Ended without tickets: their seats or places went back (the waiting estimate counts them). */
export const RELEASED_STATUSES: readonly PurchaseStatus[] = ['CANCELLED', 'EXPIRED'];
