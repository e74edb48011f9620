import { AppError, type Db, sql } from '@coordina/platform';
import { CommunityErrors } from '../contracts/community.errors';

/** A row as PostgreSQL returns it: the view's ISO timestamps are Dates. */
export type Row<V> = { [K in keyof V]: V[K] extends string ? (K extends `${string}At` ? Date : V[K]) : V[K] };

/** The view of a row: its `…At` Dates as ISO strings. */
export function isoRow<V>(row: Row<V>): V {
  const out: Record<string, unknown> = { ...row };
  for (const [k, v] of Object.entries(out)) if (v instanceof Date) out[k] = v.toISOString();
  return out as V;
}

/** The tables whose rows belong to an author (edit and delete own). */
export type AuthoredTable = 'reviews' | 'review_replies' | 'forum_threads' | 'forum_posts';

/**
 * Why a write guarded by `author_id = caller` changed nothing: the row is gone (404) or
 * belongs to someone else (403 NOT_THE_AUTHOR). Read after the guarded write, never before it.
 */
export async function notAuthorsError(q: Db, table: AuthoredTable, id: string): Promise<AppError> {
  const r = await sql`SELECT 1 FROM ${sql.table(table)} WHERE id = ${id}`.execute(q);
  return r.rows.length === 0
    ? new AppError('NOT_FOUND', `${table.replace(/_/g, ' ')} ${id} not found`)
    : new AppError(CommunityErrors.NOT_THE_AUTHOR, `${id} is not the caller's`);
}
