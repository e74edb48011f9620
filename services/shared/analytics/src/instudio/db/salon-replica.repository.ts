import type { DuckDbStore } from '../../db/duckdb.store';

export interface ReplicaSalon {
  id: string;
  name: string;
  district: string;
  adminUserId: string;
  services: readonly { id: string; name: string; subcategory: string }[];
}

/**
 * Analytics' copy of the salons' public data (names, districts, admins, services), read
 * from the salons API. It labels reports, fills district and subcategory where an event
 * lacks them, and tells which salons a salon admin may see. An upsert: naturally idempotent.
 */
export class SalonReplicaRepository {
  constructor(private readonly store: DuckDbStore) {}

  upsert(salon: ReplicaSalon): Promise<void> {
    return this.store.write(async (conn) => {
      await conn.run(
        `INSERT OR REPLACE INTO salons (salon_id, name, district, admin_user_id, refreshed_at)
         VALUES ($1, $2, $3, $4, current_timestamp)`,
        [salon.id, salon.name, salon.district, salon.adminUserId],
      );
      for (const s of salon.services) {
        await conn.run(
          'INSERT OR REPLACE INTO salon_services (service_id, salon_id, name, subcategory) VALUES ($1, $2, $3, $4)',
          [s.id, salon.id, s.name, s.subcategory],
        );
      }
    });
  }

  /** Salons that booking events name but the replica does not know yet. */
  async missing(limit = 100): Promise<string[]> {
    const rows = await this.store.read(
      `SELECT DISTINCT salon_id FROM booking_facts WHERE salon_id NOT IN (SELECT salon_id FROM salons) LIMIT $limit`,
      { limit },
    );
    return rows.map((r) => String(r.salon_id));
  }

  async adminOf(salonId: string): Promise<string | undefined> {
    const rows = await this.store.read('SELECT admin_user_id FROM salons WHERE salon_id = $id', { id: salonId });
    return rows[0] ? String(rows[0].admin_user_id) : undefined;
  }
}
