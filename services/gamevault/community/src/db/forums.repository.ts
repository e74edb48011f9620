import { type Db, type Page, type PageRequest, pageOf, sql } from '@coordina/platform';
import type { CreateThreadBody, PostView, ThreadQuery, ThreadView, UpdateThreadBody } from '../contracts/forums.dto';
import { isoRow, type Row } from './rows';

const threadColumns = sql`t.id, t.product_id AS "productId", t.author_id AS "authorId", t.title, t.body,
  t.post_count AS "postCount", t.last_post_at AS "lastPostAt", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;
const postColumns = sql`x.id, x.thread_id AS "threadId", x.author_id AS "authorId", x.body,
  x.created_at AS "createdAt", x.updated_at AS "updatedAt"`;

/** Forum threads (per product or general) and their posts; each thread counts its posts. */
export class ForumsRepository {
  async insertThread(q: Db, id: string, authorId: string, b: CreateThreadBody): Promise<ThreadView> {
    const r = await sql<Row<ThreadView>>`INSERT INTO forum_threads AS t (id, product_id, author_id, title, body)
      VALUES (${id}, ${b.productId ?? null}, ${authorId}, ${b.title}, ${b.body}) RETURNING ${threadColumns}`.execute(q);
    return isoRow(r.rows[0] as Row<ThreadView>);
  }

  async thread(q: Db, id: string): Promise<ThreadView | undefined> {
    const r = await sql<Row<ThreadView>>`SELECT ${threadColumns} FROM forum_threads t WHERE t.id = ${id}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }

  async threads(q: Db, f: ThreadQuery): Promise<Page<ThreadView>> {
    const where = [sql`true`];
    if (f.productId) where.push(sql`t.product_id = ${f.productId}`);
    if (f.general === 'true') where.push(sql`t.product_id IS NULL`);
    if (f.general === 'false') where.push(sql`t.product_id IS NOT NULL`);
    const page = await pageOf<Row<ThreadView>>(
      q,
      {
        columns: threadColumns,
        from: sql`FROM forum_threads t WHERE ${sql.join(where, sql` AND `)}`,
        order: sql`t.last_post_at DESC, t.id`,
      },
      f,
    );
    return { items: page.items.map((r) => isoRow(r)), total: page.total };
  }

  async updateThread(q: Db, id: string, authorId: string, b: UpdateThreadBody): Promise<ThreadView | undefined> {
    const sets = [
      ...(b.title === undefined ? [] : [sql`title = ${b.title}`]),
      ...(b.body === undefined ? [] : [sql`body = ${b.body}`]),
    ];
    const r = await sql<Row<ThreadView>>`UPDATE forum_threads AS t SET ${sql.join([...sets, sql`updated_at = now()`])}
      WHERE t.id = ${id} AND t.author_id = ${authorId} RETURNING ${threadColumns}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }

  async deleteThread(q: Db, id: string, authorId: string, anyAuthor: boolean): Promise<boolean> {
    const r = await sql`DELETE FROM forum_threads WHERE id = ${id} AND (author_id = ${authorId} OR ${anyAuthor})
      RETURNING id`.execute(q);
    return r.rows.length > 0;
  }

  /** A post, counted in its thread (undefined when the thread does not exist). */
  async insertPost(q: Db, id: string, threadId: string, authorId: string, body: string): Promise<PostView | undefined> {
    const r = await sql<Row<PostView>>`WITH thread AS (
        UPDATE forum_threads SET post_count = post_count + 1, last_post_at = now() WHERE id = ${threadId} RETURNING id)
      INSERT INTO forum_posts AS x (id, thread_id, author_id, body)
      SELECT ${id}, thread.id, ${authorId}, ${body} FROM thread RETURNING ${postColumns}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }

  async posts(q: Db, threadId: string, p: PageRequest): Promise<Page<PostView>> {
    const page = await pageOf<Row<PostView>>(
      q,
      {
        columns: postColumns,
        from: sql`FROM forum_posts x WHERE x.thread_id = ${threadId}`,
        order: sql`x.created_at, x.id`,
      },
      p,
    );
    return { items: page.items.map((r) => isoRow(r)), total: page.total };
  }

  async updatePost(q: Db, id: string, authorId: string, body: string): Promise<PostView | undefined> {
    const r = await sql<Row<PostView>>`UPDATE forum_posts AS x SET body = ${body}, updated_at = now()
      WHERE x.id = ${id} AND x.author_id = ${authorId} RETURNING ${postColumns}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }

  async deletePost(q: Db, id: string, authorId: string, anyAuthor: boolean): Promise<boolean> {
    const r = await sql`WITH x AS (
        DELETE FROM forum_posts WHERE id = ${id} AND (author_id = ${authorId} OR ${anyAuthor}) RETURNING thread_id)
      UPDATE forum_threads SET post_count = post_count - 1 FROM x WHERE forum_threads.id = x.thread_id
      RETURNING forum_threads.id`.execute(q);
    return r.rows.length > 0;
  }
}
