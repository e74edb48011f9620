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

  /**
   * Takes the quota of a batch's buyers in one statement (one row per user and event in a
   * batch); returns the `userId/eventId` pairs that fit.
   */
  async takeMany(q: Db, rows: readonly { userId: string; eventId: string; n: number }[], max: number) {
    const fits = rows.filter((r) => r.n <= max);
    if (fits.length === 0) return new Set<string>();
    const r = await sql<{ userId: string; eventId: string }>`INSERT INTO user_event_quotas AS u
        (user_id, event_id, tickets, max_tickets)
      SELECT v.user_id, v.event_id, v.n, ${max}::int
      FROM unnest(${fits.map((x) => x.userId)}::uuid[], ${fits.map((x) => x.eventId)}::uuid[],
        ${fits.map((x) => x.n)}::int[]) AS v(user_id, event_id, n)
      ON CONFLICT (user_id, event_id) DO UPDATE SET tickets = u.tickets + EXCLUDED.tickets,
        max_tickets = EXCLUDED.max_tickets
      WHERE u.tickets + EXCLUDED.tickets <= EXCLUDED.max_tickets
      RETURNING user_id AS "userId", event_id AS "eventId"`.execute(q);
    return new Set(r.rows.map((x) => `${x.userId}/${x.eventId}`));
  }

  /** Gives a batch's tickets back in one statement. */
  async giveMany(q: Db, rows: readonly { userId: string; eventId: string; n: number }[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`UPDATE user_event_quotas u SET tickets = GREATEST(u.tickets - v.n, 0)
      FROM unnest(${rows.map((x) => x.userId)}::uuid[], ${rows.map((x) => x.eventId)}::uuid[],
        ${rows.map((x) => x.n)}::int[]) AS v(user_id, event_id, n)
      WHERE u.user_id = v.user_id AND u.event_id = v.event_id`.execute(q);
  }

  /** Gives `n` tickets back (a purchase was cancelled or expired). */
  async give(q: Db, userId: string, eventId: string, n: number): Promise<void> {
    await sql`UPDATE user_event_quotas SET tickets = GREATEST(tickets - ${n}, 0)
      WHERE user_id = ${userId} AND event_id = ${eventId}`.execute(q);
  }
}
