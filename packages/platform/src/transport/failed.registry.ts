import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Database, Tx } from '../db/database';
import { AppError } from '../errors/app-error';
import type { HeldEntry, HoldRegistry } from './hold.registry';
import type { Inbox } from './inbox';
import type { KeyLock } from './key-lock';

export interface FailedEntry {
  id: string;
  group: string;
  key: string;
  topic: string;
  eventId: string;
  reason: string;
  attempts: number;
  status: 'FAILED' | 'RETRIED' | 'DISCARDED';
  failedAt: string;
  resolvedAt: string | null;
  heldCount: number;
}

type Invoke = (event: CloudEvent, tx: Tx) => Promise<boolean>;

/**
 * A consumer group's failed registry (`coordina_failed`, principle 6): an event whose handling
 * failed for good is parked here and blocks its key (its later events wait in the
 * HoldRegistry) until an operator retries or discards it; then the key's held events drain in
 * order before anything newer for that key.
 */
export class FailedRegistry {
  constructor(
    private readonly db: Database,
    readonly group: string,
    private readonly keys: KeyLock,
    private readonly inbox: Inbox,
    private readonly holds: HoldRegistry,
    private readonly invoke: Invoke,
  ) {}

  /** Parks an event whose handling failed for good. If the key is already blocked, holds it. */
  async park(event: CloudEvent, reason: string, attempts: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const claimed = await this.inbox.claim(tx, event, 'parked');
      if (!claimed) return;
      if (claimed.blocked) await this.holds.hold(tx, event);
      else await this.#insertFailed(tx, event, reason, attempts);
    });
  }

  async #insertFailed(tx: Tx, event: CloudEvent, reason: string, attempts: number): Promise<void> {
    await sql`INSERT INTO coordina_failed (id, group_id, key, topic, event, reason, attempts, status)
      VALUES (${randomUUID()}, ${this.group}, ${event.subject}, ${event.type}, ${JSON.stringify(event)}::jsonb,
              ${reason.slice(0, 4000)}, ${attempts}, 'FAILED')`.execute(tx);
  }

  async list(status?: string): Promise<FailedEntry[]> {
    const r = await sql<Record<string, unknown>>`
      SELECT f.*, (SELECT count(*)::int FROM coordina_held h WHERE h.group_id = f.group_id AND h.key = f.key) AS held_count
      FROM coordina_failed f WHERE f.group_id = ${this.group} ${status ? sql`AND f.status = ${status}` : sql``}
      ORDER BY f.failed_at`.execute(this.db.db);
    return r.rows.map(toFailed);
  }

  async get(id: string): Promise<FailedEntry | undefined> {
    const r = await sql<Record<string, unknown>>`SELECT f.*, 0 AS held_count FROM coordina_failed f
      WHERE f.id = ${id} AND f.group_id = ${this.group}`.execute(this.db.db);
    return r.rows[0] ? toFailed(r.rows[0]) : undefined;
  }

  /** The group's held events (the HoldRegistry's), for the operations API beside the failures. */
  listHeld(): Promise<HeldEntry[]> {
    return this.holds.list();
  }

  /** Runs the failed event again; on success the key's held events drain in order. */
  async retry(id: string): Promise<FailedEntry> {
    const entry = await this.#resolve(id, async (tx, event) => {
      await this.invoke(event, tx);
      return 'RETRIED';
    });
    await this.drain(entry.key);
    return (await this.get(id)) ?? entry;
  }

  /** Gives up on the failed event; the key's held events are released and drain in order. */
  async discard(id: string): Promise<FailedEntry> {
    const entry = await this.#resolve(id, async () => 'DISCARDED');
    await this.drain(entry.key);
    return (await this.get(id)) ?? entry;
  }

  async #resolve(
    id: string,
    action: (tx: Tx, event: CloudEvent) => Promise<'RETRIED' | 'DISCARDED'>,
  ): Promise<FailedEntry> {
    const entry = await this.get(id);
    if (!entry) throw new AppError('NOT_FOUND', `no failed event ${id}`);
    await this.db.transaction(async (tx) => {
      await this.keys.lock(tx, entry.key);
      const r = await sql<{ status: string; event: CloudEvent }>`SELECT status, event FROM coordina_failed
        WHERE id = ${id} FOR UPDATE`.execute(tx);
      const row = r.rows[0];
      if (row?.status !== 'FAILED') throw new AppError('INVALID_STATE', `failed event ${id} is ${row?.status}`);
      let status: 'RETRIED' | 'DISCARDED';
      try {
        status = await action(tx, row.event);
      } catch (err) {
        throw new AppError('INVALID_STATE', `retry failed again: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sql`UPDATE coordina_failed SET status = ${status}, resolved_at = now() WHERE id = ${id}`.execute(tx);
    });
    return entry;
  }

  /** Handles a key's held events in order until none is left or one fails (it is parked). */
  async drain(key: string): Promise<void> {
    for (;;) {
      let failure: { event: CloudEvent; err: unknown } | undefined;
      const more = await this.db.transaction(async (tx) => {
        await this.keys.lock(tx, key);
        const open = await sql`SELECT 1 FROM coordina_failed WHERE group_id = ${this.group} AND key = ${key}
          AND status = 'FAILED'`.execute(tx);
        if (open.rows.length > 0) return false;
        const next = await this.holds.next(tx, key);
        if (!next) return false;
        try {
          await sql`SAVEPOINT drain`.execute(tx);
          await this.invoke(next.event, tx);
          await sql`RELEASE SAVEPOINT drain`.execute(tx);
        } catch (err) {
          await sql`ROLLBACK TO SAVEPOINT drain`.execute(tx);
          failure = { event: next.event, err };
          await this.#insertFailed(tx, next.event, err instanceof Error ? err.message : String(err), 1);
        }
        await this.holds.release(tx, next.seq);
        return failure === undefined;
      });
      if (!more) return;
    }
  }
}

function toFailed(row: Record<string, unknown>): FailedEntry {
  const event = row.event as CloudEvent;
  return {
    id: String(row.id),
    group: String(row.group_id),
    key: String(row.key),
    topic: String(row.topic),
    eventId: event.id,
    reason: String(row.reason),
    attempts: Number(row.attempts),
    status: row.status as FailedEntry['status'],
    failedAt: new Date(row.failed_at as string).toISOString(),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at as string).toISOString() : null,
    heldCount: Number(row.held_count ?? 0),
  };
}
