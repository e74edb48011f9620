import { type Db, sql } from '@coordina/platform';

/** Tickets per user per event across live purchases (WAITLISTED, PENDING, COMPLETED). */
export class QuotasRepository {
  /** Takes `n` tickets of the user's quota in one statement; false when over the limit. */
  async take(q: Db, userId: string, eventId: string, n: number, max: number): Promise<boolean> {
    if (n > max) return false;
    const r = await sql`INSERT INTO user_event_quotas (user_id, event_id, tickets, max_tickets)
      VALUES (${userId}, ${eventId}, ${n}, ${max})
      ON CONFLICT (user_id, event_id) DO UPDATE SET tickets = user_event_quotas.tickets + EXCLUDED.tickets,
        max_tickets = EXCLUDED.max_tickets
      WHERE user_event_quotas.tickets + EXCLUDED.tickets <= EXCLUDED.max_tickets RETURNING tickets`.execute(q);
    return r.rows.length > 0;
  }

  /** Gives `n` tickets back (a purchase was cancelled or expired). */
  async give(q: Db, userId: string, eventId: string, n: number): Promise<void> {
    await sql`UPDATE user_event_quotas SET tickets = GREATEST(tickets - ${n}, 0)
      WHERE user_id = ${userId} AND event_id = ${eventId}`.execute(q);
  }
}
