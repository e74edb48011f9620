import { type Db, sql } from '@coordina/platform';

export interface TrustedDevice {
  id: string;
  name: string | null;
}

/** Remembered devices ("remember this device"): SHA-256 of the device token only. */
export class TrustedDevicesRepository {
  async insert(
    q: Db,
    row: { id: string; userId: string; tokenHash: string; name: string | undefined; ttlSeconds: number },
  ): Promise<void> {
    await sql`INSERT INTO trusted_devices (id, user_id, token_hash, name, expires_at)
      VALUES (${row.id}, ${row.userId}, ${row.tokenHash}, ${row.name ?? null},
        now() + make_interval(secs => ${row.ttlSeconds}))`.execute(q);
  }

  /** The user's live device with this token, touched as used. */
  async use(q: Db, userId: string, tokenHash: string): Promise<TrustedDevice | undefined> {
    const r = await sql<TrustedDevice>`UPDATE trusted_devices SET last_used_at = now()
      WHERE user_id = ${userId} AND token_hash = ${tokenHash} AND expires_at > now()
      RETURNING id, name`.execute(q);
    return r.rows[0];
  }
}
