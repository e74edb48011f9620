import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Database, Tx } from '../db/database';

export interface HeldEntry {
  seq: number;
  group: string;
  key: string;
  topic: string;
  eventId: string;
  heldAt: string;
}

/**
 * A consumer group's hold registry (`coordina_held`, principle 6): the events of a blocked
 * key wait here, in arrival order, until the key's failure is retried or discarded.
 */
export class HoldRegistry {
  constructor(
    private readonly db: Database,
    readonly group: string,
  ) {}

  async hold(tx: Tx, event: CloudEvent): Promise<void> {
    await sql`INSERT INTO coordina_held (group_id, key, topic, event)
      VALUES (${this.group}, ${event.subject}, ${event.type}, ${JSON.stringify(event)}::jsonb)`.execute(tx);
  }

  /** The key's oldest held event (call under the key's lock). */
  async next(tx: Tx, key: string): Promise<{ seq: number; event: CloudEvent } | undefined> {
    const r = await sql<{ seq: number; event: CloudEvent }>`SELECT seq, event FROM coordina_held
      WHERE group_id = ${this.group} AND key = ${key} ORDER BY seq LIMIT 1`.execute(tx);
    return r.rows[0];
  }

  async release(tx: Tx, seq: number): Promise<void> {
    await sql`DELETE FROM coordina_held WHERE seq = ${seq}`.execute(tx);
  }

  async list(): Promise<HeldEntry[]> {
    const r = await sql<Record<string, unknown>>`SELECT seq, group_id, key, topic, event->>'id' AS event_id, held_at
      FROM coordina_held WHERE group_id = ${this.group} ORDER BY seq`.execute(this.db.db);
    return r.rows.map((row) => ({
      seq: Number(row.seq),
      group: String(row.group_id),
      key: String(row.key),
      topic: String(row.topic),
      eventId: String(row.event_id),
      heldAt: new Date(row.held_at as string).toISOString(),
    }));
  }
}
