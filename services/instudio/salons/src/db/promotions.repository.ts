import { type Db, sql } from '@coordina/platform';
import type {
  CreatePromotionBody,
  PromotionQuery,
  PromotionView,
  UpdatePromotionBody,
} from '../contracts/promotions.dto';
import { containsPattern } from '../domain/text.fold';
import { foldSql } from './text.sql';

const columns = sql`p.id, p.salon_id AS "salonId", p.name, p.description, p.discount_percent AS "discountPercent",
  p.service_ids AS "serviceIds", to_char(p.valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(p.valid_to, 'YYYY-MM-DD') AS "validTo", p.weekdays::int[] AS weekdays,
  to_char(p.start_time, 'HH24:MI') AS "startTime", to_char(p.end_time, 'HH24:MI') AS "endTime", p.active`;

/** Promotions of salons: rows, edits and the public listing. */
export class PromotionsRepository {
  /** Inserts a promotion; false when the id exists already (seeds rerun). */
  async insert(q: Db, id: string, salonId: string, p: CreatePromotionBody): Promise<boolean> {
    const r = await sql`INSERT INTO promotions (id, salon_id, name, description, discount_percent, service_ids,
        valid_from, valid_to, weekdays, start_time, end_time)
      VALUES (${id}, ${salonId}, ${p.name}, ${p.description}, ${p.discountPercent}, ${[...new Set(p.serviceIds)]}::uuid[],
        ${p.validFrom}::date, ${p.validTo}::date, ${[...p.weekdays].sort((a, b) => a - b)}::smallint[], ${p.startTime}::time,
        ${p.endTime}::time)
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    return r.rows.length === 1;
  }

  /** The promotion, locked for the rest of the transaction when `forUpdate`. */
  async find(q: Db, id: string, forUpdate = false): Promise<PromotionView | undefined> {
    const r = await sql<PromotionView>`SELECT ${columns} FROM promotions p WHERE p.id = ${id}
      ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(q);
    return r.rows[0];
  }

  async update(q: Db, id: string, patch: UpdatePromotionBody): Promise<void> {
    const sets = [
      patch.name === undefined ? undefined : sql`name = ${patch.name}`,
      patch.description === undefined ? undefined : sql`description = ${patch.description}`,
      patch.discountPercent === undefined ? undefined : sql`discount_percent = ${patch.discountPercent}`,
      patch.serviceIds === undefined ? undefined : sql`service_ids = ${[...new Set(patch.serviceIds)]}::uuid[]`,
      patch.validFrom === undefined ? undefined : sql`valid_from = ${patch.validFrom}::date`,
      patch.validTo === undefined ? undefined : sql`valid_to = ${patch.validTo}::date`,
      patch.weekdays === undefined
        ? undefined
        : sql`weekdays = ${[...patch.weekdays].sort((a, b) => a - b)}::smallint[]`,
      patch.startTime === undefined ? undefined : sql`start_time = ${patch.startTime}::time`,
      patch.endTime === undefined ? undefined : sql`end_time = ${patch.endTime}::time`,
      patch.active === undefined ? undefined : sql`active = ${patch.active}`,
    ].filter((s) => s !== undefined);
    await sql`UPDATE promotions SET ${sql.join([...sets, sql`updated_at = now()`])} WHERE id = ${id}`.execute(q);
  }

  /** Active: not disabled and valid today or later, "today" in the salon's time zone. Soonest to expire first. */
  async list(q: Db, f: PromotionQuery): Promise<{ items: PromotionView[]; total: number }> {
    const parts = [sql`true`];
    if (f.salonId) parts.push(sql`p.salon_id = ${f.salonId}`);
    if (f.active) parts.push(sql`p.active AND p.valid_to >= (now() AT TIME ZONE s.timezone)::date`);
    if (f.q)
      parts.push(sql`${foldSql(sql`concat_ws(' ', p.name, p.description, s.name)`)} LIKE ${containsPattern(f.q)}`);
    const where = sql.join(parts, sql` AND `);
    const from = sql`promotions p JOIN salons s ON s.id = p.salon_id`;
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(q);
    const rows = await sql<PromotionView>`SELECT ${columns} FROM ${from} WHERE ${where}
      ORDER BY p.valid_to, p.name, p.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(q);
    return { items: rows.rows, total: count.rows[0]?.n ?? 0 };
  }
}
