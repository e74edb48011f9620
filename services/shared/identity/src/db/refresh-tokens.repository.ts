import { type Db, sql } from '@coordina/platform';

export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  /** How the family's sign-in authenticated (RFC 8176 methods); refreshed tokens keep it. */
  amr: string[];
  revoked: boolean;
  expired: boolean;
}

/** Stored refresh tokens (SHA-256 digests only), grouped in families that rotate. */
export class RefreshTokensRepository {
  async insert(
    q: Db,
    row: {
      id: string;
      userId: string;
      familyId: string;
      tokenHash: string;
      amr: readonly string[];
      ttlSeconds: number;
    },
  ): Promise<void> {
    await sql`INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, amr, expires_at)
      VALUES (${row.id}, ${row.userId}, ${row.familyId}, ${row.tokenHash}, ${[...row.amr]}::text[],
              now() + make_interval(secs => ${row.ttlSeconds}))`.execute(q);
  }

  /** Atomically revokes a live token; only one of two concurrent callers gets the row back. */
  async revokeLive(q: Db, tokenHash: string, userId?: string): Promise<RefreshTokenRow | undefined> {
    const r = await sql<RefreshTokenRow>`UPDATE refresh_tokens SET revoked_at = now()
      WHERE token_hash = ${tokenHash} AND revoked_at IS NULL AND expires_at > now()
        ${userId ? sql`AND user_id = ${userId}` : sql``}
      RETURNING id, user_id AS "userId", family_id AS "familyId", amr, false AS revoked, false AS expired`.execute(q);
    return r.rows[0];
  }

  async find(q: Db, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const r = await sql<RefreshTokenRow>`SELECT id, user_id AS "userId", family_id AS "familyId", amr,
        revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
      FROM refresh_tokens WHERE token_hash = ${tokenHash}`.execute(q);
    return r.rows[0];
  }

  async markReplaced(q: Db, id: string, replacedBy: string): Promise<void> {
    await sql`UPDATE refresh_tokens SET replaced_by = ${replacedBy} WHERE id = ${id}`.execute(q);
  }

  /** Reuse of a rotated token means it leaked: the whole family is revoked. */
  async revokeFamily(q: Db, familyId: string): Promise<void> {
    await sql`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ${familyId} AND revoked_at IS NULL`.execute(
      q,
    );
  }

  /** Sign out everywhere: every live token of the user. */
  async revokeAllForUser(q: Db, userId: string): Promise<void> {
    await sql`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`.execute(q);
  }
}
