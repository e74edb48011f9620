import { type Db, sql } from '@coordina/platform';

/** Carrier events already applied, by (carrier, event id): the webhook's deduplication. */
export class CarrierEventsRepository {
  /** Records the event; false when it was recorded before (a redelivery). */
  async record(q: Db, carrier: string, eventId: string, type: string): Promise<boolean> {
    const r = await sql`INSERT INTO carrier_events (carrier, event_id, type) VALUES (${carrier}, ${eventId}, ${type})
      ON CONFLICT DO NOTHING RETURNING event_id`.execute(q);
    return r.rows.length === 1;
  }
}
