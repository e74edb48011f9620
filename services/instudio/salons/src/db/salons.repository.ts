import { type Db, sql } from '@coordina/platform';
import type { CreateSalonBody, SalonSearchQuery, SalonSummary, UpdateSalonBody } from '../contracts/salons.dto';
import type { SalonRecord } from './salon.record';

const columns = sql`s.id, s.name, s.address, s.district, s.phone, s.description, s.timezone,
  s.admin_user_id AS "adminUserId", s.rating_avg::float8 AS "ratingAvg", s.rating_count AS "ratingCount"`;

/** Salons: rows, partial updates and search. */
export class SalonsRepository {
  /** Inserts a salon; false when the id exists already (seeds rerun). */
  async insert(q: Db, id: string, s: CreateSalonBody): Promise<boolean> {
    const r = await sql`INSERT INTO salons (id, name, address, district, phone, description, timezone, admin_user_id)
      VALUES (${id}, ${s.name}, ${s.address}, ${s.district}, ${s.phone}, ${s.description}, ${s.timezone}, ${s.adminUserId})
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    return r.rows.length === 1;
  }

  async update(q: Db, id: string, patch: UpdateSalonBody): Promise<void> {
    const sets = [
      patch.name === undefined ? undefined : sql`name = ${patch.name}`,
      patch.address === undefined ? undefined : sql`address = ${patch.address}`,
      patch.district === undefined ? undefined : sql`district = ${patch.district}`,
      patch.phone === undefined ? undefined : sql`phone = ${patch.phone}`,
      patch.description === undefined ? undefined : sql`description = ${patch.description}`,
      patch.timezone === undefined ? undefined : sql`timezone = ${patch.timezone}`,
      patch.adminUserId === undefined ? undefined : sql`admin_user_id = ${patch.adminUserId}`,
    ].filter((s) => s !== undefined);
    await sql`UPDATE salons SET ${sql.join([...sets, sql`updated_at = now()`])} WHERE id = ${id}`.execute(q);
  }

  /** The row, locked for the rest of the transaction when `forUpdate`. */
  async find(q: Db, id: string, forUpdate = false): Promise<SalonRecord | undefined> {
    const r = await sql<SalonRecord>`SELECT ${columns} FROM salons s WHERE s.id = ${id}
      ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(q);
    return r.rows[0];
  }

  async search(q: Db, f: SalonSearchQuery): Promise<{ items: SalonSummary[]; total: number }> {
    const where = this.#filters(f);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM salons s WHERE ${where}`.execute(q);
    const rows = await sql<SalonSummary>`SELECT ${columns},
        COALESCE((SELECT array_agg(DISTINCT sv.subcategory ORDER BY sv.subcategory) FROM services sv
          WHERE sv.salon_id = s.id), '{}') AS categories,
        (SELECT min(sv.price_cents) FROM services sv WHERE sv.salon_id = s.id) AS "priceFromCents"
      FROM salons s WHERE ${where}
      ORDER BY s.rating_avg DESC, s.name, s.id
      LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(q);
    const items = rows.rows.map(({ adminUserId: _, ...s }: SalonSummary & { adminUserId?: string }) => s);
    return { items, total: count.rows[0]?.n ?? 0 };
  }

  #filters(f: SalonSearchQuery) {
    const parts = [sql`true`];
    if (f.district) parts.push(sql`lower(s.district) = lower(${f.district})`);
    if (f.category)
      parts.push(sql`EXISTS (SELECT 1 FROM services sv WHERE sv.salon_id = s.id AND sv.subcategory = ${f.category})`);
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(sql`(s.name ILIKE ${like} OR s.description ILIKE ${like} OR s.district ILIKE ${like}
        OR EXISTS (SELECT 1 FROM services sv WHERE sv.salon_id = s.id AND sv.name ILIKE ${like}))`);
    }
    return sql.join(parts, sql` AND `);
  }
}
