import { type Db, sql } from '@coordina/platform';
import type { AdminSalonQuery, AdminSalonSummary, SalonSearchQuery } from '../contracts/salon-search.dto';
import type { CreateSalonBody, SalonSummary, UpdateSalonBody } from '../contracts/salons.dto';
import type { SalonRecord } from './salon.record';
import { SalonSearchSql } from './salon-search.sql';

const columns = sql`s.id, s.name, s.address, s.district, s.phone, s.description, s.timezone,
  s.admin_user_id AS "adminUserId", s.rating_avg::float8 AS "ratingAvg", s.rating_count AS "ratingCount"`;
const summary = sql`${columns},
  COALESCE((SELECT array_agg(DISTINCT sv.subcategory ORDER BY sv.subcategory) FROM services sv
    WHERE sv.salon_id = s.id), '{}') AS categories,
  (SELECT min(sv.price_cents) FROM services sv WHERE sv.salon_id = s.id) AS "priceFromCents"`;

/** Salons: rows, partial updates, search and the admins' list. */
export class SalonsRepository {
  readonly #search = new SalonSearchSql();

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
    const from = this.#search.from(f);
    const where = this.#search.where(f);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(q);
    const rows = await sql<SalonSummary & { adminUserId?: string }>`SELECT ${summary} FROM ${from} WHERE ${where}
      ORDER BY ${this.#search.orderBy(f)}
      LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(q);
    const items = rows.rows.map(({ adminUserId: _, ...s }) => s);
    return { items, total: count.rows[0]?.n ?? 0 };
  }

  /** Every salon (with services or not), by name; only those of one admin when given. */
  async list(q: Db, f: AdminSalonQuery): Promise<{ items: AdminSalonSummary[]; total: number }> {
    const where = f.adminUserId ? sql`s.admin_user_id = ${f.adminUserId}` : sql`true`;
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM salons s WHERE ${where}`.execute(q);
    const rows = await sql<AdminSalonSummary>`SELECT ${summary},
        (SELECT count(*)::int FROM services sv WHERE sv.salon_id = s.id) AS "serviceCount"
      FROM salons s WHERE ${where} ORDER BY s.name, s.id
      LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(q);
    return { items: rows.rows, total: count.rows[0]?.n ?? 0 };
  }

  /** Counts a review into the salon's rating; false when the salon does not exist. */
  async addRating(q: Db, id: string, rating: number): Promise<boolean> {
    const r = await sql`UPDATE salons SET rating_sum = rating_sum + ${rating}, rating_count = rating_count + 1,
        rating_avg = round((rating_sum + ${rating})::numeric / (rating_count + 1), 2), updated_at = now()
      WHERE id = ${id} RETURNING id`.execute(q);
    return r.rows.length === 1;
  }
}
