import { type Db, type Page, type PageRequest, pageOf, sql } from '@coordina/platform';
import type { ReplyView } from '../contracts/reviews.dto';
import { isoRow, type Row } from './rows';

const columns = sql`x.id, x.review_id AS "reviewId", x.author_id AS "authorId", x.text,
  x.created_at AS "createdAt", x.updated_at AS "updatedAt"`;

/** Replies to approved reviews; each review counts its replies. */
export class RepliesRepository {
  /** A reply, only to an approved review (undefined otherwise). */
  async insert(q: Db, id: string, reviewId: string, authorId: string, text: string): Promise<ReplyView | undefined> {
    const r = await sql<Row<ReplyView>>`WITH review AS (
        UPDATE reviews SET reply_count = reply_count + 1 WHERE id = ${reviewId} AND status = 'approved' RETURNING id)
      INSERT INTO review_replies AS x (id, review_id, author_id, text)
      SELECT ${id}, review.id, ${authorId}, ${text} FROM review
      RETURNING ${columns}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }

  async page(q: Db, reviewId: string, p: PageRequest): Promise<Page<ReplyView>> {
    const page = await pageOf<Row<ReplyView>>(
      q,
      {
        columns,
        from: sql`FROM review_replies x JOIN reviews r ON r.id = x.review_id AND r.status = 'approved'
          WHERE x.review_id = ${reviewId}`,
        order: sql`x.created_at, x.id`,
      },
      p,
    );
    return { items: page.items.map((r) => isoRow(r)), total: page.total };
  }

  async update(q: Db, id: string, authorId: string, text: string): Promise<ReplyView | undefined> {
    const r = await sql<Row<ReplyView>>`UPDATE review_replies AS x SET text = ${text}, updated_at = now()
      WHERE x.id = ${id} AND x.author_id = ${authorId} RETURNING ${columns}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }

  async delete(q: Db, id: string, authorId: string, anyAuthor: boolean): Promise<ReplyView | undefined> {
    const r = await sql<Row<ReplyView>>`WITH x AS (
        DELETE FROM review_replies WHERE id = ${id} AND (author_id = ${authorId} OR ${anyAuthor}) RETURNING *),
      counted AS (UPDATE reviews SET reply_count = reply_count - 1 FROM x WHERE reviews.id = x.review_id)
      SELECT ${columns} FROM x`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }
}
