import { type RawBuilder, sql } from 'kysely';
import type { Db } from './database';

/** Which page of a listing, from 1, and how many rows a page holds. */
export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

/** One page of rows and how many rows the whole listing has. */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * One page of a listing: `count` counts every row it has (`SELECT count(*)::int AS n …`) and
 * `rows` selects them in a stable order, to which the page's LIMIT and OFFSET are added.
 */
export async function pageOf<T>(
  q: Db,
  count: RawBuilder<{ n: number }>,
  rows: RawBuilder<T>,
  p: PageRequest,
): Promise<Page<T>> {
  const total = await count.execute(q);
  const r = await sql<T>`${rows} LIMIT ${p.pageSize} OFFSET ${(p.page - 1) * p.pageSize}`.execute(q);
  return { items: r.rows, total: total.rows[0]?.n ?? 0 };
}
