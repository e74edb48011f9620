import { type Db, type Page, pageOf, sql } from '@coordina/platform';
import type { ReviewRecord } from './review.record';

const columns = sql`id, booking_id AS "bookingId", salon_id AS "salonId", user_id AS "userId",
  service_id AS "serviceId", rating, text, created_at AS "createdAt", reply_text AS "replyText",
  reply_user_id AS "replyUserId", replied_at AS "repliedAt"`;

/**
 * Reviews. A review is inserted only from a COMPLETED booking of its author, in one statement,
 * and the unique booking_id makes a second one a no-op; a reply is a conditional UPDATE.
 */
export class ReviewsRepository {
  /** The new review, or undefined if the booking is not the user's, not completed, or already reviewed. */
  async insertForCompleted(
    q: Db,
    r: { id: string; bookingId: string; userId: string; rating: number; text: string },
  ): Promise<ReviewRecord | undefined> {
    const res =
      await sql<ReviewRecord>`INSERT INTO reviews (id, booking_id, salon_id, user_id, service_id, rating, text)
      SELECT ${r.id}, b.id, b.salon_id, b.user_id, b.service_id, ${r.rating}, ${r.text} FROM bookings b
        WHERE b.id = ${r.bookingId} AND b.user_id = ${r.userId} AND b.status = 'COMPLETED'
      ON CONFLICT (booking_id) DO NOTHING RETURNING ${columns}`.execute(q);
    return res.rows[0];
  }

  async find(q: Db, id: string): Promise<ReviewRecord | undefined> {
    const r = await sql<ReviewRecord>`SELECT ${columns} FROM reviews WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  async findByBooking(q: Db, bookingId: string): Promise<ReviewRecord | undefined> {
    const r = await sql<ReviewRecord>`SELECT ${columns} FROM reviews WHERE booking_id = ${bookingId}`.execute(q);
    return r.rows[0];
  }

  /** Sets the reply unless there is one; undefined if there was. */
  async reply(q: Db, id: string, userId: string, text: string): Promise<ReviewRecord | undefined> {
    const r = await sql<ReviewRecord>`UPDATE reviews SET reply_text = ${text}, reply_user_id = ${userId},
        replied_at = now()
      WHERE id = ${id} AND reply_text IS NULL RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /** A salon's reviews, newest first. */
  listForSalon(q: Db, salonId: string, page: number, pageSize: number): Promise<Page<ReviewRecord>> {
    const from = sql`FROM reviews WHERE salon_id = ${salonId}`;
    return pageOf(q, { columns, from, order: sql`created_at DESC, id` }, { page, pageSize });
  }
}
