import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Database, Tx } from '../db/database';
import type { KeyLock } from './key-lock';

/**
 * A consumer group's inbox (`coordina_inbox`): an event id is claimed once per group, in the
 * transaction of its effects, so a redelivered event changes nothing (exactly-once effects).
 */
export class Inbox {
  constructor(
    private readonly db: Database,
    readonly group: string,
    private readonly keys: KeyLock,
  ) {}

  /**
   * Under the key's lock, ONE statement claims the event with `outcome` and reads whether its
   * key is blocked (an open failure or held events; a fresh snapshot, taken after the lock).
   * Undefined for a duplicate, which claims nothing. Rolls back with the caller's transaction.
   */
  async claim(tx: Tx, event: CloudEvent, outcome: string): Promise<{ blocked: boolean } | undefined> {
    await this.keys.lock(tx, event.subject);
    const r = await sql<{ blocked: boolean }>`
      INSERT INTO coordina_inbox (group_id, event_id, outcome) VALUES (${this.group}, ${event.id}, ${outcome})
      ON CONFLICT DO NOTHING
      RETURNING EXISTS (
        SELECT 1 FROM coordina_failed WHERE group_id = ${this.group} AND key = ${event.subject} AND status = 'FAILED'
        UNION ALL SELECT 1 FROM coordina_held WHERE group_id = ${this.group} AND key = ${event.subject}
      ) AS blocked`.execute(tx);
    return r.rows[0];
  }

  /** Corrects the outcome a claim recorded (held, ignored), in the claim's transaction. */
  async setOutcome(tx: Tx, eventId: string, outcome: string): Promise<void> {
    await sql`UPDATE coordina_inbox SET outcome = ${outcome}
      WHERE group_id = ${this.group} AND event_id = ${eventId}`.execute(tx);
  }

  /** Forgets every claim of the group, so a replay runs the effects again. */
  async forget(): Promise<void> {
    await sql`DELETE FROM coordina_inbox WHERE group_id = ${this.group}`.execute(this.db.db);
  }
}
