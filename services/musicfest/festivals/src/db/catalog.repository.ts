import { type Db, sql } from '@coordina/platform';
import type { CatalogQuery, EventStatus, ManagerEventsQuery } from '../contracts/event.dto';
import type { EventSummaryRecord } from './event.record';
import { eventColumns } from './events.repository';

const summary = sql`${eventColumns}, COALESCE(t.seats_left, 0)::int AS "seatsLeft", COALESCE(t.min_price, 0)::int AS "minPrice"`;
const perEvent = sql`LEFT JOIN LATERAL (SELECT sum(seats_left) AS seats_left, min(final_price) AS min_price
  FROM ticket_types WHERE event_id = e.id) t ON true`;

/** Escapes LIKE wildcards so a search matches the text as typed. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Listings: the public catalog and the managers' panel. */
export class CatalogRepository {
  /** PUBLISHED events whose purchase deadline has not passed. */
  async onSale(q: Db, query: CatalogQuery, now: Date): Promise<{ items: EventSummaryRecord[]; total: number }> {
    const search = query.q ? contains(query.q) : undefined;
    const where = sql`e.status = 'PUBLISHED' AND e.purchase_deadline > ${now}
      ${search ? sql`AND (e.name ILIKE ${search} OR e.organizer ILIKE ${search})` : sql``}`;
    const order =
      query.sort === 'seats'
        ? sql`"seatsLeft" DESC, e.purchase_deadline, e.id`
        : query.sort === 'name'
          ? sql`lower(e.name), e.id`
          : sql`e.purchase_deadline, e.id`;
    const [count, rows] = await Promise.all([
      sql<{ n: number }>`SELECT count(*)::int AS n FROM events e WHERE ${where}`.execute(q),
      sql<EventSummaryRecord>`SELECT ${summary} FROM events e ${perEvent} WHERE ${where}
        ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`.execute(q),
    ]);
    return { items: rows.rows, total: count.rows[0]?.n ?? 0 };
  }

  /** A manager's events (every manager's when `managerId` is undefined), newest first. */
  async forManager(
    q: Db,
    managerId: string | undefined,
    query: ManagerEventsQuery,
  ): Promise<{ items: EventSummaryRecord[]; total: number }> {
    const status: EventStatus | undefined = query.status;
    const where = sql`true ${managerId ? sql`AND e.manager_id = ${managerId}` : sql``}
      ${status ? sql`AND e.status = ${status}` : sql``}`;
    const [count, rows] = await Promise.all([
      sql<{ n: number }>`SELECT count(*)::int AS n FROM events e WHERE ${where}`.execute(q),
      sql<EventSummaryRecord>`SELECT ${summary} FROM events e ${perEvent} WHERE ${where}
        ORDER BY e.created_at DESC, e.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`.execute(
        q,
      ),
    ]);
    return { items: rows.rows, total: count.rows[0]?.n ?? 0 };
  }
}
