import { type Db, sql } from '@coordina/platform';

/** Sales figures of one event from completed purchases (cancelled ones no longer count). */
export class DashboardRepository {
  async collectedByType(q: Db, eventId: string) {
    const r = await sql<{ ticketTypeId: string; collected: number; commission: number }>`
      SELECT i.ticket_type_id AS "ticketTypeId", sum(i.final_price * i.quantity)::int AS collected,
        sum(i.commission * i.quantity)::int AS commission
      FROM purchase_items i JOIN purchases p ON p.id = i.purchase_id
      WHERE p.event_id = ${eventId} AND p.status = 'COMPLETED' GROUP BY i.ticket_type_id`.execute(q);
    return r.rows;
  }

  async salesPerHour(q: Db, eventId: string) {
    const r = await sql<{ hour: Date; tickets: number; amount: number }>`
      SELECT date_trunc('hour', completed_at) AS hour, sum(tickets)::int AS tickets, sum(total)::int AS amount
      FROM purchases WHERE event_id = ${eventId} AND status = 'COMPLETED'
      GROUP BY 1 ORDER BY 1`.execute(q);
    return r.rows;
  }

  async waitlistSize(q: Db, eventId: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM purchases
      WHERE event_id = ${eventId} AND status = 'WAITLISTED'`.execute(q);
    return r.rows[0]?.n ?? 0;
  }
}
