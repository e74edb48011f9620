import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import { GroupCommit } from '../db/group-commit';
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

/**
 * How long an unanswered claim holds its key. A process that died between claiming and
 * answering (a crash, a SIGKILL) would otherwise hold it for ever, and every retry of its
 * client would get 409 IDEMPOTENCY_IN_PROGRESS; after the lease the retry runs the command
 * again, and the service's own idempotency (a unique key per command) answers with what the
 * first run did, if it committed. Longer than any request takes.
 */
export const CLAIM_LEASE_MS = 60_000;

export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method}\n${path}\n${body}`).digest('hex');
}

interface Completion {
  scope: string;
  key: string;
  status: number;
  contentType: string | null;
  body: string;
}

/**
 * The embedded default's store: the first request claims the key with an INSERT (the
 * primary key settles races; `created_at` is when it was last claimed); repeats get the
 * stored answer; an unanswered claim older than its lease is taken over. Claims and completions of the
 * requests of the moment are written together (group commit), one statement each.
 */
export class PgIdempotencyStore implements IdempotencyStore {
  readonly #claims: GroupCommit<{ scope: string; key: string; fingerprint: string }, boolean>;
  readonly #completions: GroupCommit<Completion, void>;

  constructor(private readonly db: Database) {
    const byKey = { key: (c: { scope: string; key: string }) => `${c.scope}\u0000${c.key}`, maxBatch: 500 };
    this.#claims = new GroupCommit<{ scope: string; key: string; fingerprint: string }, boolean>(async (claims) => {
      const ins = await sql<{ scope: string; key: string }>`INSERT INTO coordina_idempotency (scope, key, fingerprint)
        SELECT * FROM unnest(${claims.map((c) => c.scope)}::text[], ${claims.map((c) => c.key)}::text[],
          ${claims.map((c) => c.fingerprint)}::text[])
        ON CONFLICT (scope, key) DO UPDATE SET created_at = now()
          WHERE coordina_idempotency.status IS NULL AND coordina_idempotency.fingerprint = EXCLUDED.fingerprint
            AND coordina_idempotency.created_at < now() - make_interval(secs => ${CLAIM_LEASE_MS / 1000})
        RETURNING scope, key`.execute(this.db.db);
      const won = new Set(ins.rows.map((r) => byKey.key(r)));
      return claims.map((c) => won.has(byKey.key(c)));
    }, byKey);
    this.#completions = new GroupCommit<Completion, void>(async (done) => {
      await sql`UPDATE coordina_idempotency i SET status = v.status, content_type = v.content_type, body = v.body
        FROM unnest(${done.map((c) => c.scope)}::text[], ${done.map((c) => c.key)}::text[],
          ${done.map((c) => c.status)}::int[], ${done.map((c) => c.contentType)}::text[],
          ${done.map((c) => c.body)}::text[]) AS v(scope, key, status, content_type, body)
        WHERE i.scope = v.scope AND i.key = v.key`.execute(this.db.db);
      return done.map(() => undefined);
    }, byKey);
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    if (await this.#claims.submit({ scope, key, fingerprint })) return { kind: 'new' };
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

  complete(scope: string, key: string, status: number, contentType: string | null, body: string): Promise<void> {
    return this.#completions.submit({ scope, key, status, contentType, body });
  }

  /**
   * At boot of the embedded default, whose gateway is the only user of this store: a claim
   * still unanswered belongs to a process that died, so its client may retry at once.
   */
  async releaseOrphans(): Promise<number> {
    const r = await sql`DELETE FROM coordina_idempotency WHERE status IS NULL`.execute(this.db.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** A request that failed with a 5xx may be retried with the same key. */
  async release(scope: string, key: string): Promise<void> {
    await sql`DELETE FROM coordina_idempotency WHERE scope = ${scope} AND key = ${key} AND status IS NULL`.execute(
      this.db.db,
    );
  }
}
