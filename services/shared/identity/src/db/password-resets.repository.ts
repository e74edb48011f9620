import { type Db, sql } from '@coordina/platform';

/** Password reset links (SHA-256 of the token only): single use, expiring. */
export class PasswordResetsRepository {
  async insert(q: Db, userId: string, tokenHash: string, ttlSeconds: number): Promise<Date> {
    const r = await sql<{ expiresAt: Date }>`INSERT INTO password_resets (token_hash, user_id, expires_at)
      VALUES (${tokenHash}, ${userId}, now() + make_interval(secs => ${ttlSeconds}))
      RETURNING expires_at AS "expiresAt"`.execute(q);
    const at = r.rows[0]?.expiresAt;
    if (!at) throw new Error('reset not stored');
    return at;
  }

  /** Consumes a live token in one conditional UPDATE; only one of concurrent callers gets the user id. */
  async consume(q: Db, tokenHash: string): Promise<string | undefined> {
    const r = await sql<{ userId: string }>`UPDATE password_resets SET used_at = now()
      WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > now()
      RETURNING user_id AS "userId"`.execute(q);
    return r.rows[0]?.userId;
  }

  /** After a reset, the user's other outstanding links stop working. */
  async retireAll(q: Db, userId: string): Promise<void> {
    await sql`UPDATE password_resets SET used_at = now() WHERE user_id = ${userId} AND used_at IS NULL`.execute(q);
  }
}
