import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { Migration } from '../db/migrator';

export const gatewayMigrations: readonly Migration[] = [
  {
    id: '001_idempotency',
    sql: `
CREATE TABLE coordina_idempotency (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  status int,
  content_type text,
  body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);`,
  },
];

export type Claim =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; contentType: string | null; body: string }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** Stored answers for POST commands with an Idempotency-Key. */
export interface IdempotencyStore {
  claim(scope: string, key: string, fingerprint: string): Promise<Claim>;
  complete(scope: string, key: string, status: number, contentType: string | null, body: string): Promise<void>;
  release(scope: string, key: string): Promise<void>;
}

export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method}\n${path}\n${body}`).digest('hex');
}

/**
 * The embedded default's store: the first request claims the key with an INSERT (the
 * primary key settles races); repeats get the stored answer.
 */
export class PgIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Database) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const ins =
      await sql`INSERT INTO coordina_idempotency (scope, key, fingerprint) VALUES (${scope}, ${key}, ${fingerprint})
      ON CONFLICT DO NOTHING RETURNING key`.execute(this.db.db);
    if (ins.rows.length > 0) return { kind: 'new' };
    const r = await sql<{
      fingerprint: string;
      status: number | null;
      content_type: string | null;
      body: string | null;
    }>`
      SELECT fingerprint, status, content_type, body FROM coordina_idempotency WHERE scope = ${scope} AND key = ${key}`.execute(
      this.db.db,
    );
    const row = r.rows[0];
    if (!row) return this.claim(scope, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.status === null) return { kind: 'in-progress' };
    return { kind: 'replay', status: row.status, contentType: row.content_type, body: row.body ?? '' };
  }

  async complete(scope: string, key: string, status: number, contentType: string | null, body: string): Promise<void> {
    await sql`UPDATE coordina_idempotency SET status = ${status}, content_type = ${contentType}, body = ${body}
      WHERE scope = ${scope} AND key = ${key}`.execute(this.db.db);
  }

  /** A request that failed with a 5xx may be retried with the same key. */
  async release(scope: string, key: string): Promise<void> {
    await sql`DELETE FROM coordina_idempotency WHERE scope = ${scope} AND key = ${key} AND status IS NULL`.execute(
      this.db.db,
    );
  }
}
