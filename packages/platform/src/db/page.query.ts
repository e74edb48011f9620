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

/** What a listing selects: `columns` of the rows `from` names (`FROM … WHERE …`), in a stable `order`. */
export interface ListingQuery {
  readonly columns: RawBuilder<unknown>;
  readonly from: RawBuilder<unknown>;
  readonly order: RawBuilder<unknown>;
}

/** One page of a listing, and how many rows the listing has in all (counted from the same `from`). */
export async function pageOf<T>(q: Db, listing: ListingQuery, p: PageRequest): Promise<Page<T>> {
  const { columns, from, order } = listing;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n ${from}`.execute(q);
  const r = await sql<T>`SELECT ${columns} ${from} ORDER BY ${order}
    LIMIT ${p.pageSize} OFFSET ${(p.page - 1) * p.pageSize}`.execute(q);
  return { items: r.rows, total: total.rows[0]?.n ?? 0 };
}
