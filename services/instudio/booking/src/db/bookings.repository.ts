import { RefundTracking } from '@coordina/payments/contracts';
import { type Db, type Page, pageOf, sql } from '@coordina/platform';
import type { BusyInterval } from '../domain/slot.rules';
import type { BookingRecord, NewBooking } from './booking.record';

const columns = sql`id, user_id AS "userId", salon_id AS "salonId", salon_admin_id AS "salonAdminId",
  service_id AS "serviceId", stylist_id AS "stylistId", time_zone AS "timeZone", start_at AS "startAt",
  end_at AS "endAt", price_cents AS "priceCents", list_price_cents AS "listPriceCents",
  promotion_id AS "promotionId", district, subcategory, status, status_reason AS "statusReason",
  payment_id AS "paymentId", payment_method AS "paymentMethod", payment_status AS "paymentStatus",
  refund_status AS "refundStatus", hold_expires_at AS "holdExpiresAt", created_at AS "createdAt"`;

/**
 * Bookings. Every state change is a conditional UPDATE on the current status, so concurrent
 * transitions cannot both win; overlap is refused by the table's exclusion constraint (23P01).
 */
export class BookingsRepository {
  /** The refund of each booking's payment. */
  readonly refunds = new RefundTracking('bookings');

  /** Inserts a HELD booking and answers it as stored (one round trip: the row comes back with RETURNING). */
  async insertHeld(q: Db, b: NewBooking): Promise<BookingRecord> {
    const r =
      await sql<BookingRecord>`INSERT INTO bookings (id, user_id, salon_id, salon_admin_id, service_id, stylist_id, time_zone,
        start_at, end_at, price_cents, list_price_cents, promotion_id, district, subcategory, status, payment_id,
        payment_method, hold_expires_at, idempotency_key)
      VALUES (${b.id}, ${b.userId}, ${b.salonId}, ${b.salonAdminId}, ${b.serviceId}, ${b.stylistId}, ${b.timeZone},
        ${b.startAt}, ${b.endAt}, ${b.priceCents}, ${b.listPriceCents}, ${b.promotionId}, ${b.district},
        ${b.subcategory}, 'HELD', ${b.paymentId}, ${b.paymentMethod}, ${b.holdExpiresAt}, ${b.idempotencyKey})
      RETURNING ${columns}`.execute(q);
    return r.rows[0] as BookingRecord;
  }

  /** The booking a request with this Idempotency-Key already made for this user. */
  async findByKey(q: Db, userId: string, key: string): Promise<BookingRecord | undefined> {
    const r = await sql<BookingRecord>`SELECT ${columns} FROM bookings
      WHERE user_id = ${userId} AND idempotency_key = ${key}`.execute(q);
    return r.rows[0];
  }

  async find(q: Db, id: string): Promise<BookingRecord | undefined> {
    const r = await sql<BookingRecord>`SELECT ${columns} FROM bookings WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  /** A user's bookings, latest appointment first. */
  listForUser(q: Db, userId: string, page: number, pageSize: number): Promise<Page<BookingRecord>> {
    const from = sql`FROM bookings WHERE user_id = ${userId}`;
    return pageOf(q, { columns, from, order: sql`start_at DESC, id` }, { page, pageSize });
  }

  /** A salon's bookings overlapping [from, to), earliest start first. */
  listForSalon(
    q: Db,
    salonId: string,
    window: { from: Date; to: Date },
    page: number,
    pageSize: number,
  ): Promise<Page<BookingRecord>> {
    const from = sql`FROM bookings WHERE salon_id = ${salonId} AND start_at < ${window.to} AND end_at > ${window.from}`;
    return pageOf(q, { columns, from, order: sql`start_at, id` }, { page, pageSize });
  }

  /** Held or confirmed bookings of these stylists overlapping [from, to). */
  async busy(q: Db, stylistIds: readonly string[], from: Date, to: Date): Promise<BusyInterval[]> {
    if (stylistIds.length === 0) return [];
    const r = await sql<BusyInterval>`SELECT stylist_id AS "stylistId", start_at AS start, end_at AS "end"
      FROM bookings WHERE stylist_id = ANY(${[...stylistIds]}::uuid[]) AND status IN ('HELD', 'CONFIRMED')
        AND start_at < ${to} AND end_at > ${from}`.execute(q);
    return r.rows;
  }

  /** HELD → CONFIRMED; false if the booking is no longer held. */
  async confirm(q: Db, id: string): Promise<BookingRecord | undefined> {
    const r = await sql<BookingRecord>`UPDATE bookings SET status = 'CONFIRMED', payment_status = 'AUTHORIZED',
        hold_expires_at = NULL, updated_at = now()
      WHERE id = ${id} AND status = 'HELD' RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /** HELD → CANCELLED (the saga's ReleaseSlot); undefined if it was not held (idempotent). */
  async release(q: Db, id: string, reason: string): Promise<BookingRecord | undefined> {
    const r = await sql<BookingRecord>`UPDATE bookings SET status = 'CANCELLED', status_reason = ${reason},
        payment_status = CASE WHEN payment_status = 'PENDING' THEN 'FAILED' ELSE payment_status END,
        hold_expires_at = NULL, updated_at = now()
      WHERE id = ${id} AND status = 'HELD' RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /** CONFIRMED → CANCELLED by its client; undefined if it was not confirmed (or not theirs). */
  async cancelConfirmed(
    q: Db,
    id: string,
    userId: string,
    reason: string,
    refund: boolean,
  ): Promise<BookingRecord | undefined> {
    const r = await sql<BookingRecord>`UPDATE bookings SET status = 'CANCELLED', status_reason = ${reason},
        refund_status = ${refund ? 'REQUESTED' : 'NONE'}, updated_at = now()
      WHERE id = ${id} AND user_id = ${userId} AND status = 'CONFIRMED' RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /**
   * CONFIRMED → COMPLETED or NO_SHOW, by the booking's salon admin (or anyone when `anyAdmin`),
   * once its start has passed; undefined when any of that does not hold.
   */
  async markOutcome(
    q: Db,
    id: string,
    outcome: 'COMPLETED' | 'NO_SHOW',
    by: { userId: string; anyAdmin: boolean },
    now: Date,
  ): Promise<BookingRecord | undefined> {
    const reason = outcome === 'COMPLETED' ? 'completed' : 'the client did not show up';
    const r = await sql<BookingRecord>`UPDATE bookings SET status = ${outcome}, status_reason = ${reason},
        updated_at = now()
      WHERE id = ${id} AND status = 'CONFIRMED' AND start_at <= ${now}
        AND (${by.anyAdmin}::boolean OR salon_admin_id = ${by.userId}) RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }
}
