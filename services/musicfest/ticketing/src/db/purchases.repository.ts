import { RefundTracking } from '@coordina/payments/contracts';
import { type Db, type Page, pageOf, sql } from '@coordina/platform';
import type { PurchaseStatus } from '../contracts/purchase.dto';
import {
  type PurchaseTrigger,
  RELEASED_STATUSES,
  statusAfter,
  statusesFrom,
  WAITING_STATUS,
} from '../domain/purchase.state-machine';
import type { NewPurchase, PurchaseItemRecord, PurchaseRecord } from './purchase.record';

const columns = sql`p.id, p.user_id AS "userId", p.event_id AS "eventId", e.name AS "eventName",
  e.manager_id AS "managerId", e.purchase_deadline AS "purchaseDeadline", e.starts_at AS "startsAt", e.place,
  p.status, p.status_reason AS "statusReason", p.tickets, p.total, p.commission, p.payment_id AS "paymentId",
  p.payment_method AS "paymentMethod", p.payment_status AS "paymentStatus", p.refund_status AS "refundStatus",
  p.refunded, p.waitlist_seq AS "waitlistSeq", p.from_waitlist AS "fromWaitlist",
  p.reserved_until AS "reservedUntil", p.waitlisted_at AS "waitlistedAt", p.promoted_at AS "promotedAt",
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;
/** The compare-and-set guard of `trigger`: the row is in a status the state machine lets it leave. */
const guard = (trigger: PurchaseTrigger) => sql`status = ANY(${statusesFrom(trigger)}::text[])`;
/** Statuses in queries the partial indexes answer are literals, so every plan can use them. */
const waiting = sql.lit(WAITING_STATUS);
/** How a NEW row is stored (see PurchaseState). */
const NEW_ROW = sql.lit(statusesFrom('reserve')[0] as string);

const itemColumns = sql`purchase_id AS "purchaseId", ticket_type_id AS "ticketTypeId",
  ticket_type_name AS "ticketTypeName", quantity, unit_price AS "unitPrice", discount_percent AS "discountPercent",
  final_price AS "finalPrice", commission`;

/**
 * Purchases. Every change of status is ONE UPDATE guarded by the statuses the state machine
 * (domain/purchase.state-machine.ts) lets the transition leave, so two concurrent transitions
 * cannot both win; each returns the row only when it happened. The machine decides; the SQL
 * only compares and sets.
 */
export class PurchasesRepository {
  /** The refund of each purchase's payment. */
  readonly refunds = new RefundTracking('purchases');

  /**
   * A batch's purchases and their items, two statements; purchases whose (user, idempotency
   * key) already exists are skipped. Returns the ids inserted, as NEW rows until settled.
   */
  async insertMany(q: Db, rows: readonly { purchase: NewPurchase; items: readonly PurchaseItemRecord[] }[]) {
    if (rows.length === 0) return new Set<string>();
    const p = rows.map((r) => r.purchase);
    const r = await sql<{ id: string }>`INSERT INTO purchases (id, user_id, event_id, idempotency_key, status, tickets,
        total, commission, payment_id, payment_method)
      SELECT v.id, v.user_id, v.event_id, v.idempotency_key, ${NEW_ROW}, v.tickets, v.total, v.commission, v.payment_id,
        v.payment_method
      FROM unnest(${p.map((x) => x.id)}::uuid[], ${p.map((x) => x.userId)}::uuid[], ${p.map((x) => x.eventId)}::uuid[],
        ${p.map((x) => x.idempotencyKey)}::text[], ${p.map((x) => x.tickets)}::int[], ${p.map((x) => x.total)}::int[],
        ${p.map((x) => x.commission)}::int[], ${p.map((x) => x.paymentId)}::uuid[], ${p.map((x) => x.paymentMethod)}::text[])
        AS v(id, user_id, event_id, idempotency_key, tickets, total, commission, payment_id, payment_method)
      ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`.execute(q);
    const inserted = new Set(r.rows.map((x) => x.id));
    const items = rows.filter((x) => inserted.has(x.purchase.id)).flatMap((x) => x.items);
    if (items.length > 0) {
      await sql`INSERT INTO purchase_items (purchase_id, ticket_type_id, ticket_type_name, quantity, unit_price,
          discount_percent, final_price, commission)
        SELECT * FROM unnest(${items.map((i) => i.purchaseId)}::uuid[], ${items.map((i) => i.ticketTypeId)}::uuid[],
          ${items.map((i) => i.ticketTypeName)}::text[], ${items.map((i) => i.quantity)}::int[],
          ${items.map((i) => i.unitPrice)}::int[], ${items.map((i) => i.discountPercent)}::int[],
          ${items.map((i) => i.finalPrice)}::int[], ${items.map((i) => i.commission)}::int[])`.execute(q);
    }
    return inserted;
  }

  /** Takes back purchases of the caller's transaction that were refused (and their items). */
  async removeMany(q: Db, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`DELETE FROM purchase_items WHERE purchase_id = ANY(${[...ids]}::uuid[])`.execute(q);
    await sql`DELETE FROM purchases WHERE id = ANY(${[...ids]}::uuid[])`.execute(q);
  }

  /** `n` waitlist sequence numbers, ascending (taken under the types' row locks: line order). */
  async nextWaitlistSeqs(q: Db, n: number): Promise<number[]> {
    if (n === 0) return [];
    const r = await sql<{ seq: number }>`SELECT nextval('waitlist_seq') AS seq FROM generate_series(1, ${n})`.execute(
      q,
    );
    return r.rows.map((x) => Number(x.seq)).sort((a, b) => a - b);
  }

  /**
   * Settles a batch's NEW purchases: reserved (a hold until `reservedUntil`) or queued (a place
   * in line).
   */
  async settleMany(
    q: Db,
    rows: readonly { id: string; trigger: 'reserve' | 'queue'; waitlistSeq: number | null }[],
    reservedUntil: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    const r = await sql`UPDATE purchases p SET status = v.status,
        reserved_until = CASE WHEN v.hold THEN ${reservedUntil}::timestamptz END,
        waitlist_seq = v.seq, waitlisted_at = CASE WHEN v.hold THEN NULL ELSE now() END, updated_at = now()
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => statusAfter(r.trigger))}::text[],
        ${rows.map((r) => r.trigger === 'reserve')}::boolean[], ${rows.map((r) => r.waitlistSeq)}::bigint[])
        AS v(id, status, hold, seq)
      WHERE p.id = v.id AND p.${guard('reserve')}`.execute(q);
    if (Number(r.numAffectedRows ?? 0) !== rows.length) throw new Error('a new purchase was settled twice');
  }

  async find(q: Db, id: string): Promise<PurchaseRecord | undefined> {
    const r = await sql<PurchaseRecord>`SELECT ${columns} FROM purchases p JOIN events e ON e.id = p.event_id
      WHERE p.id = ${id}`.execute(q);
    return r.rows[0];
  }

  /** The purchase while it can still be paid for, its row locked until the caller's transaction ends. */
  async lockPending(q: Db, id: string): Promise<PurchaseRecord | undefined> {
    const r = await sql<PurchaseRecord>`SELECT ${columns} FROM purchases p JOIN events e ON e.id = p.event_id
      WHERE p.id = ${id} AND p.${guard('authorize')} FOR UPDATE OF p`.execute(q);
    return r.rows[0];
  }

  async findByKey(q: Db, userId: string, key: string): Promise<PurchaseRecord | undefined> {
    const r = await sql<PurchaseRecord>`SELECT ${columns} FROM purchases p JOIN events e ON e.id = p.event_id
      WHERE p.user_id = ${userId} AND p.idempotency_key = ${key}`.execute(q);
    return r.rows[0];
  }

  async items(q: Db, purchaseIds: readonly string[]): Promise<PurchaseItemRecord[]> {
    if (purchaseIds.length === 0) return [];
    const r = await sql<PurchaseItemRecord>`SELECT ${itemColumns} FROM purchase_items
      WHERE purchase_id = ANY(${[...purchaseIds]}::uuid[]) ORDER BY purchase_id, ticket_type_id`.execute(q);
    return r.rows;
  }

  /** A user's purchases, newest first. */
  listForUser(q: Db, userId: string, page: number, pageSize: number): Promise<Page<PurchaseRecord>> {
    const from = sql`FROM purchases p JOIN events e ON e.id = p.event_id WHERE p.user_id = ${userId}`;
    return pageOf(q, { columns, from, order: sql`p.created_at DESC, p.id` }, { page, pageSize });
  }

  /** The event's purchases in these statuses (event notices and cancellation). */
  async ofEvent(q: Db, eventId: string, statuses: readonly PurchaseStatus[]): Promise<PurchaseRecord[]> {
    const r = await sql<PurchaseRecord>`SELECT ${columns} FROM purchases p JOIN events e ON e.id = p.event_id
      WHERE p.event_id = ${eventId} AND p.status = ANY(${[...statuses]}::text[])
      ORDER BY p.waitlist_seq NULLS FIRST, p.created_at`.execute(q);
    return r.rows;
  }

  /** The event's waiting purchases, in line order. */
  async waiting(q: Db, eventId: string, limit: number): Promise<PurchaseRecord[]> {
    const r = await sql<PurchaseRecord>`SELECT ${columns} FROM purchases p JOIN events e ON e.id = p.event_id
      WHERE p.event_id = ${eventId} AND p.status = ${waiting} ORDER BY p.waitlist_seq LIMIT ${limit}`.execute(q);
    return r.rows;
  }

  /** 1 + the waiting purchases of the event ahead of this one (the partial index answers it). */
  async position(q: Db, eventId: string, seq: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM purchases
      WHERE event_id = ${eventId} AND status = ${waiting} AND waitlist_seq < ${seq}`.execute(q);
    return (r.rows[0]?.n ?? 0) + 1;
  }

  /** Purchases of the event that freed or took queued seats in the last `seconds`. */
  async recentReleases(q: Db, eventId: string, seconds: number): Promise<number> {
    const since = new Date(Date.now() - seconds * 1000);
    const r = await sql<{ n: number }>`SELECT
        (SELECT count(*) FROM purchases WHERE event_id = ${eventId} AND ended_at > ${since}
          AND status = ANY(${[...RELEASED_STATUSES]}::text[]))::int
      + (SELECT count(*) FROM purchases WHERE event_id = ${eventId} AND promoted_at > ${since})::int AS n`.execute(q);
    return r.rows[0]?.n ?? 0;
  }

  /** WAITLISTED → PENDING with a new hold; undefined when it was not waiting. */
  async promote(q: Db, id: string, reservedUntil: Date): Promise<PurchaseRecord | undefined> {
    const r = await sql<{ id: string }>`UPDATE purchases SET status = ${statusAfter('promote')},
        reserved_until = ${reservedUntil}, from_waitlist = true, promoted_at = now(), updated_at = now()
      WHERE id = ${id} AND ${guard('promote')} RETURNING id`.execute(q);
    return r.rows[0] ? this.find(q, id) : undefined;
  }

  async markAuthorized(q: Db, id: string): Promise<PurchaseRecord | undefined> {
    const r = await sql<{ id: string }>`UPDATE purchases SET payment_status = 'AUTHORIZED', updated_at = now()
      WHERE id = ${id} AND ${guard('authorize')} RETURNING id`.execute(q);
    return r.rows[0] ? this.find(q, id) : undefined;
  }

  async complete(q: Db, id: string): Promise<PurchaseRecord | undefined> {
    const r = await sql<{ id: string }>`UPDATE purchases SET status = ${statusAfter('complete')}, reserved_until = NULL,
        completed_at = now(), updated_at = now()
      WHERE id = ${id} AND ${guard('complete')} RETURNING id`.execute(q);
    return r.rows[0] ? this.find(q, id) : undefined;
  }

  /**
   * Ends a live purchase (cancel, fail, expire) from `from`, one of the statuses the trigger
   * may leave; undefined when it was no longer in `from` (idempotent). A paid purchase that
   * ends is refunded in full (`refunded` = total); an expired one that was never paid has its
   * payment FAILED.
   */
  async end(
    q: Db,
    id: string,
    from: PurchaseStatus,
    trigger: 'cancel' | 'fail' | 'expire',
    reason: string,
    refund: boolean,
  ): Promise<PurchaseRecord | undefined> {
    const to = statusAfter(trigger);
    const r = await sql<{ id: string }>`UPDATE purchases SET status = ${to}, status_reason = ${reason},
        reserved_until = NULL, ended_at = now(), updated_at = now(),
        payment_status = CASE WHEN payment_status = 'NONE' AND ${trigger === 'expire'} THEN 'FAILED' ELSE payment_status END,
        refund_status = CASE WHEN ${refund} AND refund_status = 'NONE' THEN 'REQUESTED' ELSE refund_status END,
        refunded = CASE WHEN payment_status = 'AUTHORIZED' THEN total ELSE 0 END
      WHERE id = ${id} AND status = ${from} AND ${guard(trigger)} RETURNING id`.execute(q);
    return r.rows[0] ? this.find(q, id) : undefined;
  }

  async markPaymentFailed(q: Db, id: string): Promise<void> {
    await sql`UPDATE purchases SET payment_status = 'FAILED' WHERE id = ${id} AND payment_status = 'NONE'`.execute(q);
  }
}
