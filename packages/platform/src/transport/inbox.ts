import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Database, Tx } from '../db/database';

/**
 * A consumer group's inbox (`coordina_inbox`): an event id is claimed once per group, in the
 * transaction of its effects, so a redelivered event changes nothing (exactly-once effects).
 */
export class Inbox {
  constructor(
    private readonly db: Database,
    readonly group: string,
  ) {}

  /**
   * Under the key's lock, claims the event with `outcome` and reads whether its key is blocked
   * (an open failure or held events; a fresh snapshot, taken after the lock): `claimMany` for
   * one event. Undefined for a duplicate, which claims nothing. Rolls back with the caller's
   * transaction.
   */
  async claim(tx: Tx, event: CloudEvent, outcome: string): Promise<{ blocked: boolean } | undefined> {
    return (await this.claimMany(tx, [event], [outcome]))[0];
  }

  /**
   * `claim` for a batch of events handled in one transaction (ConsumerRunner.handlePartition),
   * in ONE round trip (`coordina_inbox_claim`, decision 0093): it locks every key of the batch,
   * in one fixed order (by the lock's hash) so two batches never wait for each other in a cycle;
   * then, in a query of its own whose snapshot is taken after the locks, claims every event
   * with its outcome and reads which keys are blocked. Per event, by index: undefined for a
   * duplicate (claimed before, or an earlier event of this batch has its id), else whether its
   * key was blocked when the batch began. Rolls back with the caller's transaction.
   */
  async claimMany(
    tx: Tx,
    events: readonly CloudEvent[],
    outcomes: readonly string[],
  ): Promise<({ blocked: boolean } | undefined)[]> {
    const keys = [...new Set(events.map((e) => e.subject))];
    const r = await sql<{ ord: number | null; key: string | null }>`
      SELECT ord, key FROM coordina_inbox_claim(${this.group}, ${keys}::text[],
        ${events.map((e) => e.id)}::uuid[], ${[...outcomes]}::text[])`.execute(tx);
    const claimed = new Set<number>();
    const blocked = new Set<string>();
    for (const row of r.rows) {
      if (row.ord !== null) claimed.add(Number(row.ord) - 1);
      if (row.key !== null) blocked.add(row.key);
    }
    return events.map((e, i) => (claimed.has(i) ? { blocked: blocked.has(e.subject) } : undefined));
  }

  /** Takes back claims of this transaction for events it will not handle after all (they come again). */
  async unclaim(tx: Tx, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await sql`DELETE FROM coordina_inbox WHERE group_id = ${this.group} AND event_id = ANY(${[...eventIds]}::uuid[])`.execute(
      tx,
    );
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
