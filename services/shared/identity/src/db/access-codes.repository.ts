import { type Db, sql } from '@coordina/platform';

export type CodePurpose = 'verify_email' | 'login_2fa';

/** Emailed one-time codes (HMAC only): single use, expiring, with a cap on wrong attempts. */
export class AccessCodesRepository {
  async insert(
    q: Db,
    row: {
      id: string;
      userId: string;
      purpose: CodePurpose;
      codeHash: string;
      ttlSeconds: number;
      maxAttempts: number;
    },
  ): Promise<Date> {
    const r = await sql<{ expiresAt: Date }>`INSERT INTO access_codes
        (id, user_id, purpose, code_hash, max_attempts, expires_at)
      VALUES (${row.id}, ${row.userId}, ${row.purpose}, ${row.codeHash}, ${row.maxAttempts},
        now() + make_interval(secs => ${row.ttlSeconds}))
      RETURNING expires_at AS "expiresAt"`.execute(q);
    const at = r.rows[0]?.expiresAt;
    if (!at) throw new Error('access code not stored');
    return at;
  }

  /** Retires every live code of a purpose (a new one replaces them). */
  async retire(q: Db, userId: string, purpose: CodePurpose): Promise<void> {
    await sql`UPDATE access_codes SET used_at = now()
      WHERE user_id = ${userId} AND purpose = ${purpose} AND used_at IS NULL`.execute(q);
  }

  /** The newest live code of a purpose, if any. */
  async latestLive(q: Db, userId: string, purpose: CodePurpose): Promise<string | undefined> {
    const r = await sql<{ id: string }>`SELECT id FROM access_codes
      WHERE user_id = ${userId} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > now()
      ORDER BY created_at DESC LIMIT 1`.execute(q);
    return r.rows[0]?.id;
  }

  async owner(q: Db, id: string, purpose: CodePurpose): Promise<string | undefined> {
    const r = await sql<{ userId: string }>`SELECT user_id AS "userId" FROM access_codes
      WHERE id = ${id} AND purpose = ${purpose}`.execute(q);
    return r.rows[0]?.userId;
  }

  /**
   * One attempt, in one conditional UPDATE: counts it, and consumes the code when it matches.
   * Used, expired or exhausted codes match no row. Returns the owner when the code was right.
   */
  async attempt(q: Db, id: string, codeHash: string): Promise<string | undefined> {
    const r = await sql<{ userId: string; ok: boolean }>`UPDATE access_codes SET
        attempts = attempts + 1,
        used_at = CASE WHEN code_hash = ${codeHash} THEN now() ELSE NULL END
      WHERE id = ${id} AND used_at IS NULL AND expires_at > now() AND attempts < max_attempts
      RETURNING user_id AS "userId", used_at IS NOT NULL AS ok`.execute(q);
    const row = r.rows[0];
    return row?.ok ? row.userId : undefined;
  }
}
