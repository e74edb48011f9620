import { type Db, sql } from '@coordina/platform';
import type { DeviceView } from '../contracts/devices.dto';

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

  /** The user's live remembered devices, most recently used first. */
  async list(q: Db, userId: string): Promise<DeviceView[]> {
    const r = await sql<DeviceView>`SELECT id, name,
        to_json(created_at) #>> '{}' AS "createdAt", to_json(last_used_at) #>> '{}' AS "lastUsedAt",
        to_json(expires_at) #>> '{}' AS "expiresAt"
      FROM trusted_devices WHERE user_id = ${userId} AND expires_at > now()
      ORDER BY coalesce(last_used_at, created_at) DESC, id`.execute(q);
    return r.rows;
  }

  /** Forgets one of the user's devices; false when the user has no such live device. */
  async revoke(q: Db, userId: string, id: string): Promise<boolean> {
    const r = await sql`DELETE FROM trusted_devices WHERE id = ${id} AND user_id = ${userId} AND expires_at > now()
      RETURNING id`.execute(q);
    return r.rows.length === 1;
  }
}
