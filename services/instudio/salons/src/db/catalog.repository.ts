import { type Db, sql } from '@coordina/platform';
import type {
  CreateServiceBody,
  CreateStylistBody,
  DayHours,
  SalonServiceView,
  StylistView,
  UpdateServiceBody,
} from '../contracts/salons.dto';

const hhmm = (col: string) => sql.raw(`to_char(${col}, 'HH24:MI')`);

/** A salon's services, stylists and hours (the parts booking reads). */
export class CatalogRepository {
  async insertService(q: Db, salonId: string, id: string, s: CreateServiceBody): Promise<boolean> {
    const r = await sql`INSERT INTO services (id, salon_id, name, subcategory, duration_minutes, price_cents)
      VALUES (${id}, ${salonId}, ${s.name}, ${s.subcategory}, ${s.durationMinutes}, ${s.priceCents})
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    return r.rows.length === 1;
  }

  /** Applies a partial change to a service of the salon; undefined when the salon has no such service. */
  async updateService(
    q: Db,
    salonId: string,
    id: string,
    patch: UpdateServiceBody,
  ): Promise<SalonServiceView | undefined> {
    const sets = [
      patch.name === undefined ? undefined : sql`name = ${patch.name}`,
      patch.subcategory === undefined ? undefined : sql`subcategory = ${patch.subcategory}`,
      patch.durationMinutes === undefined ? undefined : sql`duration_minutes = ${patch.durationMinutes}`,
      patch.priceCents === undefined ? undefined : sql`price_cents = ${patch.priceCents}`,
    ].filter((x) => x !== undefined);
    const r = await sql<SalonServiceView>`UPDATE services SET ${sql.join(sets)}
      WHERE id = ${id} AND salon_id = ${salonId}
      RETURNING id, name, subcategory, duration_minutes AS "durationMinutes", price_cents AS "priceCents"`.execute(q);
    return r.rows[0];
  }

  async insertStylist(q: Db, salonId: string, id: string, s: CreateStylistBody): Promise<boolean> {
    const r = await sql`INSERT INTO stylists (id, salon_id, name, service_ids)
      VALUES (${id}, ${salonId}, ${s.name}, ${[...new Set(s.serviceIds)]}::uuid[])
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    if (r.rows.length === 0) return false;
    await this.#insertHours(q, 'stylist_hours', 'stylist_id', id, s.hours);
    return true;
  }

  /** Replaces all of a salon's opening hours. */
  async replaceSalonHours(q: Db, salonId: string, hours: readonly DayHours[]): Promise<void> {
    await sql`DELETE FROM salon_hours WHERE salon_id = ${salonId}`.execute(q);
    await this.#insertHours(q, 'salon_hours', 'salon_id', salonId, hours);
  }

  /** Replaces all of a stylist's working hours; false when the salon has no such stylist. */
  async replaceStylistHours(q: Db, salonId: string, stylistId: string, hours: readonly DayHours[]): Promise<boolean> {
    const found =
      await sql`SELECT 1 FROM stylists WHERE id = ${stylistId} AND salon_id = ${salonId} FOR UPDATE`.execute(q);
    if (found.rows.length === 0) return false;
    await sql`DELETE FROM stylist_hours WHERE stylist_id = ${stylistId}`.execute(q);
    await this.#insertHours(q, 'stylist_hours', 'stylist_id', stylistId, hours);
    return true;
  }

  /** Adds hours for days that have none (seeds). */
  async addSalonHours(q: Db, salonId: string, hours: readonly DayHours[]): Promise<void> {
    await this.#insertHours(q, 'salon_hours', 'salon_id', salonId, hours);
  }

  /** Which of `ids` are services of the salon. */
  async serviceIdsOf(q: Db, salonId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const r = await sql<{ id: string }>`SELECT id FROM services
      WHERE salon_id = ${salonId} AND id = ANY(${[...ids]}::uuid[])`.execute(q);
    return new Set(r.rows.map((x) => x.id));
  }

  async services(q: Db, salonId: string): Promise<SalonServiceView[]> {
    const r = await sql<SalonServiceView>`SELECT id, name, subcategory, duration_minutes AS "durationMinutes",
        price_cents AS "priceCents"
      FROM services WHERE salon_id = ${salonId} ORDER BY created_at, name, id`.execute(q);
    return r.rows;
  }

  async stylists(q: Db, salonId: string): Promise<StylistView[]> {
    const r = await sql<Omit<StylistView, 'hours'>>`SELECT id, name, service_ids AS "serviceIds"
      FROM stylists WHERE salon_id = ${salonId} ORDER BY created_at, name, id`.execute(q);
    const hours = await sql<DayHours & { stylistId: string }>`SELECT h.stylist_id AS "stylistId", h.weekday,
        ${hhmm('h.opens')} AS opens, ${hhmm('h.closes')} AS closes
      FROM stylist_hours h JOIN stylists st ON st.id = h.stylist_id
      WHERE st.salon_id = ${salonId} ORDER BY h.weekday`.execute(q);
    return r.rows.map((s) => ({
      ...s,
      hours: hours.rows
        .filter((h) => h.stylistId === s.id)
        .map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
    }));
  }

  async salonHours(q: Db, salonId: string): Promise<DayHours[]> {
    const r = await sql<DayHours>`SELECT weekday, ${hhmm('opens')} AS opens, ${hhmm('closes')} AS closes
      FROM salon_hours WHERE salon_id = ${salonId} ORDER BY weekday`.execute(q);
    return r.rows;
  }

  async #insertHours(q: Db, table: string, key: string, id: string, hours: readonly DayHours[]): Promise<void> {
    if (hours.length === 0) return;
    const rows = hours.map((h) => sql`(${id}, ${h.weekday}, ${h.opens}::time, ${h.closes}::time)`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.ref(key)}, weekday, opens, closes)
      VALUES ${sql.join(rows)} ON CONFLICT DO NOTHING`.execute(q);
  }
}
