import { sql } from 'kysely';
import type pg from 'pg';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Database } from '../db/database';
import type { Logger } from '../observability/logger';
import { crashPoint } from '../runtime/crash-points';
import { PollingWorker } from '../runtime/polling.worker';
import type { LogBroker, LogRecord, PartitionHandler, PartitionLag, ReplayFrom, Subscription } from './log-broker';
import { partitionFor } from './partitioner';

const CHANNEL = 'coordina_log';

/**
 * The embedded broker: an append-only log in its own PostgreSQL database. Offsets are
 * handed out under a per-partition row lock, so they commit in order; consumers read past
 * their group's position and LISTEN/NOTIFY wakes them.
 */
export class PgLogBroker implements LogBroker {
  readonly kind = 'postgres';
  readonly #db: Database;
  readonly #partitions: number;
  readonly #log: Logger;
  readonly #subs = new Set<PgSubscription>();

  constructor(db: Database, log: Logger, options: { partitions?: number } = {}) {
    this.#db = db;
    this.#log = log;
    this.#partitions = options.partitions ?? 8;
  }

  async append(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byPartition = new Map<string, { topic: string; partition: number; events: CloudEvent[] }>();
    for (const e of events) {
      const partition = partitionFor(e.subject, this.#partitions);
      const id = `${e.type}\u0000${partition}`;
      let bucket = byPartition.get(id);
      if (!bucket) {
        bucket = { topic: e.type, partition, events: [] };
        byPartition.set(id, bucket);
      }
      bucket.events.push(e);
    }
    // A fixed lock order keeps concurrent appenders free of deadlocks.
    const buckets = [...byPartition.values()].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
    await this.#db.transaction(async (tx) => {
      for (const b of buckets) {
        const n = b.events.length;
        const res = await sql<{ next_offset: number }>`
          INSERT INTO coordina_log_partitions (topic, partition, next_offset) VALUES (${b.topic}, ${b.partition}, ${n})
          ON CONFLICT (topic, partition) DO UPDATE SET next_offset = coordina_log_partitions.next_offset + ${n}
          RETURNING next_offset`.execute(tx);
        const base = (res.rows[0]?.next_offset ?? n) - n;
        const values = b.events.map(
          (e, i) => sql`(${b.topic}, ${b.partition}, ${base + i}, ${e.id}, ${e.subject}, ${JSON.stringify(e)}::jsonb)`,
        );
        await sql`INSERT INTO coordina_log (topic, partition, "offset", id, key, event)
          VALUES ${sql.join(values)} ON CONFLICT (id) DO NOTHING`.execute(tx);
      }
      await sql`SELECT pg_notify(${CHANNEL}, '')`.execute(tx);
    });
  }

  /** Reads a group's next records only once its handler is done with the last ones: never ahead. */
  async subscribe(group: string, topics: readonly string[], handler: PartitionHandler): Promise<Subscription> {
    await sql`INSERT INTO coordina_log_positions (group_id, topic, partition, position)
      SELECT ${group}, t, p, -1 FROM unnest(${[...topics]}::text[]) t, generate_series(0, ${this.#partitions - 1}) p
      ON CONFLICT DO NOTHING`.execute(this.#db.db);
    const sub = new PgSubscription(this.#db, this.#log, group, topics, handler, () => this.#subs.delete(sub));
    this.#subs.add(sub);
    await sub.start();
    return sub;
  }

  async lag(group: string, topics: readonly string[]): Promise<PartitionLag[]> {
    // A group's position is the last offset it handled (-1: none); a partition's next_offset, how many were appended.
    const { rows } = await sql<{ topic: string; partition: number; end: string; position: string }>`
      SELECT p.topic, p.partition, coalesce(l.next_offset, 0) AS end, p.position
      FROM coordina_log_positions p
      LEFT JOIN coordina_log_partitions l ON l.topic = p.topic AND l.partition = p.partition
      WHERE p.group_id = ${group} AND p.topic = ANY(${[...topics]}::text[])
      ORDER BY p.topic, p.partition`.execute(this.#db.db);
    return rows.map((r) => {
      const end = Number(r.end);
      return { topic: r.topic, partition: r.partition, end, lag: Math.max(0, end - (Number(r.position) + 1)) };
    });
  }

  async replay(group: string, from: ReplayFrom): Promise<void> {
    await sql`UPDATE coordina_log_positions SET position = ${from.offset - 1}
      WHERE group_id = ${group} AND topic = ${from.topic}`.execute(this.#db.db);
    for (const s of this.#subs) s.wake();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subs].map((s) => s.stop()));
  }
}

/**
 * One group's reader of the log, on a PollingWorker: a NOTIFY wakes it (every append sends
 * one), and it polls every 5 s in case a notification was missed (its connection was being
 * replaced).
 */
class PgSubscription implements Subscription {
  #listener: pg.PoolClient | undefined;
  readonly #worker: PollingWorker;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly group: string,
    private readonly topics: readonly string[],
    private readonly handler: PartitionHandler,
    private readonly onStop: () => void,
  ) {
    this.#worker = new PollingWorker({
      name: `log consumer ${group}`,
      log,
      idleMs: 5000,
      failure: { baseMs: 500 },
      poll: async () => {
        if (!this.#listener) await this.#listen();
        return this.#poll();
      },
      onError: (err) => this.log.warn({ err, group: this.group }, 'log consumer poll failed; retrying'),
    });
  }

  async start(): Promise<void> {
    await this.#listen();
    this.#worker.start();
  }

  /** Gives the LISTEN connection back, destroyed (once: its 'error' may follow the release). */
  #dropListener(): void {
    const listener = this.#listener;
    this.#listener = undefined;
    try {
      listener?.release(true);
    } catch {
      // already released
    }
  }

  /** LISTENs on a connection of its own; a lost one (the server restarted) is opened again by the loop. */
  async #listen(): Promise<void> {
    const listener = await this.db.connect();
    this.#listener = listener;
    listener.on('notification', () => this.wake());
    listener.on('error', () => {
      if (this.#listener === listener) this.#dropListener();
    });
    await listener.query(`LISTEN ${CHANNEL}`);
  }

  wake(): void {
    this.#worker.wake();
  }

  async stop(): Promise<void> {
    await this.#worker.stop();
    this.#dropListener();
    this.onStop();
  }

  async #poll(): Promise<boolean> {
    const res = await sql<{ topic: string; partition: number; offset: number; position: number; event: unknown }>`
      SELECT p.topic, p.partition, p.position, l."offset", l.event
      FROM coordina_log_positions p
      CROSS JOIN LATERAL (
        SELECT "offset", event FROM coordina_log l
        WHERE l.topic = p.topic AND l.partition = p.partition AND l."offset" > p.position
        ORDER BY l."offset" LIMIT 100) l
      WHERE p.group_id = ${this.group} AND p.topic = ANY(${[...this.topics]}::text[])
      ORDER BY p.topic, p.partition, l."offset"`.execute(this.db.db);
    if (res.rows.length === 0) return false;
    const parts = new Map<string, { topic: string; partition: number; position: number; records: LogRecord[] }>();
    for (const r of res.rows) {
      const id = `${r.topic}\u0000${r.partition}`;
      let p = parts.get(id);
      if (!p) {
        p = { topic: r.topic, partition: r.partition, position: r.position, records: [] };
        parts.set(id, p);
      }
      p.records.push({ topic: r.topic, partition: r.partition, offset: r.offset, event: r.event as never });
    }
    await Promise.all(
      [...parts.values()].map(async (p) => {
        await this.handler(p.records);
        // Effects committed in the service database, position not moved: the records come again.
        crashPoint('consumer.after-effect');
        const last = p.records[p.records.length - 1]?.offset ?? p.position;
        // Compare-and-set: a replay that moved the position meanwhile wins.
        await sql`UPDATE coordina_log_positions SET position = ${last}
          WHERE group_id = ${this.group} AND topic = ${p.topic} AND partition = ${p.partition}
            AND position = ${p.position}`.execute(this.db.db);
      }),
    );
    return true;
  }
}
