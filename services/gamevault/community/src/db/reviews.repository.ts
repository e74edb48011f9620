import { type Db, type Page, pageOf, sql } from '@coordina/platform';
import type {
  CreateReviewBody,
  ModerationQuery,
  ReviewListQuery,
  ReviewStatus,
  ReviewView,
  SellerRating,
  UpdateReviewBody,
} from '../contracts/reviews.dto';
import { boughtAndKept } from './purchases.repository';
import { isoRow, type Row } from './rows';

const columns = sql`r.id, r.product_id AS "productId", r.author_id AS "authorId", r.rating, r.text, r.status,
  r.helpful_count AS "helpfulCount", r.reply_count AS "replyCount",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** A review and the version its moderation decides. */
export type ReviewRecord = ReviewView & { version: number };

const ORDER: Record<ReviewListQuery['sort'], ReturnType<typeof sql.raw>> = {
  newest: sql`r.created_at DESC, r.id`,
  helpful: sql`r.helpful_count DESC, r.created_at DESC, r.id`,
  rating: sql`r.rating DESC, r.created_at DESC, r.id`,
  'rating-asc': sql`r.rating, r.created_at DESC, r.id`,
};

const record = (r: Row<ReviewRecord>): ReviewRecord => isoRow(r);

/** Reviews: writes guarded by the database (a buyer's purchase, one per product, the author). */
export class ReviewsRepository {
  /**
   * A pending review, written only when the author bought the product (and kept it: no
   * cancellation, no full refund) and has not reviewed
   * it (one statement: the purchase and the unique key decide, not a read before). Undefined
   * when either fails.
   */
  async insert(
    q: Db,
    id: string,
    productId: string,
    authorId: string,
    b: CreateReviewBody,
  ): Promise<ReviewRecord | undefined> {
    const r = await sql<Row<ReviewRecord>>`INSERT INTO reviews AS r
        (id, product_id, author_id, rating, text, status)
      SELECT ${id}, ${productId}, ${authorId}, ${b.rating}, ${b.text}, 'pending'
      WHERE ${boughtAndKept(authorId, productId)}
      ON CONFLICT (product_id, author_id) DO NOTHING
      RETURNING ${columns}, r.version`.execute(q);
    return r.rows[0] && record(r.rows[0]);
  }

  /** The author's review of the product, in any status. */
  async byAuthor(q: Db, productId: string, authorId: string): Promise<ReviewRecord | undefined> {
    const r = await sql<Row<ReviewRecord>>`SELECT ${columns}, r.version FROM reviews r
      WHERE r.product_id = ${productId} AND r.author_id = ${authorId}`.execute(q);
    return r.rows[0] && record(r.rows[0]);
  }

  async find(q: Db, id: string, forUpdate = false): Promise<ReviewRecord | undefined> {
    const r = await sql<Row<ReviewRecord>>`SELECT ${columns}, r.version FROM reviews r
      WHERE r.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(q);
    return r.rows[0] && record(r.rows[0]);
  }

  /** A product's approved reviews. */
  async publicPage(q: Db, productId: string, f: ReviewListQuery): Promise<Page<ReviewView>> {
    const rating = f.rating === undefined ? sql`` : sql`AND r.rating = ${f.rating}`;
    const page = await pageOf<Row<ReviewView>>(
      q,
      {
        columns,
        from: sql`FROM reviews r WHERE r.product_id = ${productId} AND r.status = 'approved' ${rating}`,
        order: ORDER[f.sort],
      },
      f,
    );
    return { items: page.items.map((r) => isoRow(r)), total: page.total };
  }

  /** Reviews in a status, oldest change first (the moderators' queue). */
  async byStatus(q: Db, f: ModerationQuery): Promise<Page<ReviewView>> {
    const page = await pageOf<Row<ReviewView>>(
      q,
      { columns, from: sql`FROM reviews r WHERE r.status = ${f.status}`, order: sql`r.updated_at, r.id` },
      f,
    );
    return { items: page.items.map((r) => isoRow(r)), total: page.total };
  }

  /**
   * Moves a review from one of `from` to `to` (the version too, when given: a moderation job
   * decides only the text it was queued for). Undefined when the review is elsewhere by now.
   */
  async decide(
    q: Db,
    id: string,
    from: readonly ReviewStatus[],
    to: ReviewStatus,
    note: string | null,
    version?: number,
  ): Promise<ReviewRecord | undefined> {
    const sameVersion = version === undefined ? sql`` : sql`AND r.version = ${version}`;
    const r = await sql<Row<ReviewRecord>>`UPDATE reviews AS r
      SET status = ${to}, moderation_note = ${note}, updated_at = now()
      WHERE r.id = ${id} AND r.status IN (${sql.join(from.map((s) => sql`${s}`))}) ${sameVersion}
      RETURNING ${columns}, r.version`.execute(q);
    return r.rows[0] && record(r.rows[0]);
  }

  /** The author's change: back to pending under a new version. Also the status it had. */
  async update(
    q: Db,
    id: string,
    authorId: string,
    b: UpdateReviewBody,
  ): Promise<{ review: ReviewRecord; was: ReviewStatus } | undefined> {
    const sets = [
      ...(b.rating === undefined ? [] : [sql`rating = ${b.rating}`]),
      ...(b.text === undefined ? [] : [sql`text = ${b.text}`]),
    ];
    const r = await sql<Row<ReviewRecord> & { was: ReviewStatus }>`WITH old AS (
        SELECT id, status FROM reviews WHERE id = ${id} AND author_id = ${authorId} FOR UPDATE)
      UPDATE reviews AS r SET ${sql.join([...sets, sql`status = 'pending'`, sql`version = r.version + 1`, sql`moderation_note = NULL`, sql`updated_at = now()`])}
      FROM old WHERE r.id = old.id
      RETURNING ${columns}, r.version, old.status AS was`.execute(q);
    const row = r.rows[0];
    if (!row) return undefined;
    const { was, ...review } = row;
    return { review: record(review), was };
  }

  /** Deletes a review (the author's, or any when `anyAuthor`), with its votes and replies. */
  async delete(q: Db, id: string, authorId: string, anyAuthor: boolean): Promise<ReviewRecord | undefined> {
    const r = await sql<Row<ReviewRecord>>`DELETE FROM reviews AS r
      WHERE r.id = ${id} AND (r.author_id = ${authorId} OR ${anyAuthor})
      RETURNING ${columns}, r.version`.execute(q);
    return r.rows[0] && record(r.rows[0]);
  }

  /**
   * One helpful vote per user (the votes' primary key): the new count, or undefined when the
   * user had voted already. The caller holds the review's row lock.
   */
  async vote(q: Db, reviewId: string, userId: string): Promise<number | undefined> {
    const r = await sql<{ helpfulCount: number }>`WITH vote AS (
        INSERT INTO review_votes (review_id, user_id) VALUES (${reviewId}, ${userId})
        ON CONFLICT DO NOTHING RETURNING review_id)
      UPDATE reviews SET helpful_count = helpful_count + 1 FROM vote WHERE reviews.id = vote.review_id
      RETURNING helpful_count AS "helpfulCount"`.execute(q);
    return r.rows[0]?.helpfulCount;
  }

  async sellerRating(q: Db, sellerId: string): Promise<SellerRating> {
    const r = await sql<{ rating: number | null; ratingCount: number }>`SELECT
        round(avg(r.rating), 2)::float8 AS rating, count(r.id)::int AS "ratingCount"
      FROM product_sellers s JOIN reviews r ON r.product_id = s.product_id AND r.status = 'approved'
      WHERE s.seller_id = ${sellerId}`.execute(q);
    return { sellerId, rating: r.rows[0]?.rating ?? null, ratingCount: r.rows[0]?.ratingCount ?? 0 };
  }
}
