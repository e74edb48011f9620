import { type Db, sql } from '@coordina/platform';

/** Reviews already counted into a salon's rating, by review id. */
export class ReviewsSeenRepository {
  /** True the first time a review is seen, false ever after. */
  async markSeen(q: Db, reviewId: string, salonId: string, rating: number): Promise<boolean> {
    const r =
      await sql`INSERT INTO reviews_seen (review_id, salon_id, rating) VALUES (${reviewId}, ${salonId}, ${rating})
      ON CONFLICT DO NOTHING RETURNING review_id`.execute(q);
    return r.rows.length === 1;
  }
}
