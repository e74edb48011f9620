import { type Db, sql } from '@coordina/platform';

/** Provider events already applied, by (provider, event id): the webhook's deduplication. */
export class WebhookEventsRepository {
  /** Records the event; false when it was recorded before (a redelivery). */
  async record(q: Db, provider: string, eventId: string, type: string, paymentId: string | null): Promise<boolean> {
    const r = await sql`INSERT INTO webhook_events (provider, event_id, type, payment_id)
      VALUES (${provider}, ${eventId}, ${type}, ${paymentId})
      ON CONFLICT DO NOTHING RETURNING event_id`.execute(q);
    return r.rows.length === 1;
  }
}
