import { randomUUID } from 'node:crypto';
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
/** Between the topics a notification names (topic names are dotted words). */
const TOPIC_SEPARATOR = ' ';
/** A notification's payload must stay under PostgreSQL's 8,000 bytes; a longer list is sent empty (everyone wakes). */
const MAX_PAYLOAD = 7000;
/** How often the process's one sweep looks for records a group was not told of (decision 0122). */
const SWEEP_MS = 15_000;
/** The most records a round reads from one partition. */
const READ_LIMIT = 100;
/** The longest a handled batch's position waits to be written when no append wakes the group (decision 0138). */
const POSITIONS_WITHIN_MS = 50;
/**
 * The same for batches handed over by this process's appends (decision 0145): no append wakes the
 * group to read any more, so under load this wake-up alone writes them, one statement per group each time.
 */
const HANDED_POSITIONS_WITHIN_MS = 1_000;
/** A group's own poll when idle: a last resort, as the NOTIFY and the sweep wake it (decision 0122). */
const GROUP_IDLE_MS = 600_000;

/**
 * The embedded broker: an append-only log in its own PostgreSQL database. Offsets are
 * handed out under a per-partition row lock, so they commit in order; consumers read past
 * their group's position and LISTEN/NOTIFY wakes them (one listening connection per process).
 */
export class PgLogBroker implements LogBroker {
  readonly kind = 'postgres';
  readonly #db: Database;
  readonly #partitions: number;
  readonly #log: Logger;
  readonly #subs = new Set<PgSubscription>();
  #listener: pg.PoolClient | undefined;
  #listening: Promise<void> | undefined;
  readonly #groupIdleMs: number;
  /**
   * The safety net for a missed notification, one per process (decision 0122): every `sweepMs`
   * one statement finds the groups with records past their position and wakes only those, and
   * listens again if the listening connection was lost. The groups themselves poll rarely.
   */
  #sweep: PollingWorker | undefined;
  readonly #sweepMs: number;
  readonly #positionsWithinMs: number;
  readonly #handedPositionsWithinMs: number;
  /**
   * Names this broker's own appends in their notifications (decision 0145): its groups were
   * handed those records at once, or woken, so the notification has nothing to tell them.
   */
  readonly #token = `@${randomUUID()}`;

  constructor(
    db: Database,
    log: Logger,
    options: {
      partitions?: number;
      sweepMs?: number;
      groupIdleMs?: number;
      positionsWithinMs?: number;
      handedPositionsWithinMs?: number;
    } = {},
  ) {
    this.#db = db;
    this.#log = log;
    this.#partitions = options.partitions ?? 8;
    this.#groupIdleMs = options.groupIdleMs ?? GROUP_IDLE_MS;
    this.#sweepMs = options.sweepMs ?? SWEEP_MS;
    this.#positionsWithinMs = options.positionsWithinMs ?? POSITIONS_WITHIN_MS;
    this.#handedPositionsWithinMs = options.handedPositionsWithinMs ?? HANDED_POSITIONS_WITHIN_MS;
  }

  #startSweep(): void {
    if (this.#sweep) return;
    // A group reads as it starts: the sweep's first look is one period later, not at once.
    let started = false;
    this.#sweep = new PollingWorker({
      name: 'log sweep',
      log: this.#log,
      idleMs: this.#sweepMs,
      failure: { baseMs: 500, maxMs: this.#sweepMs },
      poll: async () => {
        await this.#listen();
        if (started) await this.#wakeBehind();
        started = true;
        return false;
      },
      onError: (err) => this.#log.warn({ err }, 'log sweep failed; retrying'),
    });
    this.#sweep.start();
  }

  async #stopSweep(): Promise<void> {
    const sweep = this.#sweep;
    this.#sweep = undefined;
    await sweep?.stop();
  }

  /** Wakes the groups of this process that have records past their position (a notification they missed). */
  async #wakeBehind(): Promise<void> {
    const subs = [...this.#subs];
    if (subs.length === 0) return;
    const { rows } = await sql<{ group_id: string; topic: string }>`
      SELECT DISTINCT p.group_id, p.topic FROM coordina_log_positions p
      JOIN coordina_log_partitions l ON l.topic = p.topic AND l.partition = p.partition
      WHERE p.group_id = ANY(${subs.map((s) => s.group)}::text[]) AND l.next_offset > p.position + 1`.execute(
      this.#db.db,
    );
    for (const s of subs) if (rows.some((r) => r.group_id === s.group && s.topics.includes(r.topic))) s.wake();
  }

  /**
   * ONE statement, so one round trip and its own transaction: it reserves each partition's
   * offsets (row locks taken in a fixed order, topic then partition, so concurrent appenders
   * never deadlock; held until the commit, so offsets commit in order), inserts the records
   * (an event id already in the log is dropped) and NOTIFYs the consumers at the commit. The
   * records it appended come back with their offsets, and this process's groups are handed
   * them at once (decision 0145).
   */
  async append(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    const topics: string[] = [];
    const partitions: number[] = [];
    const ids: string[] = [];
    const keys: string[] = [];
    const bodies: string[] = [];
    for (const e of events) {
      topics.push(e.type);
      partitions.push(partitionFor(e.subject, this.#partitions));
      ids.push(e.id);
      keys.push(e.subject);
      bodies.push(JSON.stringify(e));
    }
    let appended: [string, number][];
    try {
      const { rows } = await sql<{ appended: [string, number][] | null }>`
      WITH input AS (
        SELECT topic, partition, id, key, event, ord
        FROM unnest(${topics}::text[], ${partitions}::int[], ${ids}::uuid[], ${keys}::text[], ${bodies}::jsonb[])
          WITH ORDINALITY AS t(topic, partition, id, key, event, ord)),
      counts AS (SELECT topic, partition, count(*)::bigint AS n FROM input GROUP BY topic, partition),
      reserved AS (
        INSERT INTO coordina_log_partitions AS p (topic, partition, next_offset)
        SELECT topic, partition, n FROM counts ORDER BY topic COLLATE "C", partition
        ON CONFLICT (topic, partition) DO UPDATE SET next_offset = p.next_offset + excluded.next_offset
        RETURNING topic, partition, next_offset),
      appended AS (
        INSERT INTO coordina_log (topic, partition, "offset", id, key, event)
        SELECT i.topic, i.partition,
          r.next_offset - c.n + row_number() OVER (PARTITION BY i.topic, i.partition ORDER BY i.ord) - 1,
          i.id, i.key, i.event
        FROM input i JOIN reserved r USING (topic, partition) JOIN counts c USING (topic, partition)
        ORDER BY i.ord
        ON CONFLICT (id) DO NOTHING
        RETURNING id, "offset")
      SELECT pg_notify(${CHANNEL},
          CASE WHEN length(n.topics) <= ${MAX_PAYLOAD} THEN ${this.#token} || ${TOPIC_SEPARATOR} || n.topics ELSE '' END),
        (SELECT json_agg(json_build_array(a.id, a."offset")) FROM appended a) AS appended
      FROM (SELECT string_agg(topic, ${TOPIC_SEPARATOR}) AS topics FROM (SELECT DISTINCT topic FROM counts) d) n`.execute(
        this.#db.db,
      );
      appended = rows[0]?.appended ?? [];
    } catch (err) {
      // It may have committed, and its notification names this broker: its groups read instead.
      this.#wakeReaders(new Set(topics));
      throw err;
    }
    this.#handOver(events, partitions, bodies, appended);
  }

  /**
   * Hands each local group the records just appended to its topics (decision 0145), by offset
   * within each partition. A group takes those that follow on from the position it knows and
   * reads the others; each group gets its own copy of each event, as from a read.
   */
  #handOver(
    events: readonly CloudEvent[],
    partitions: readonly number[],
    bodies: readonly string[],
    appended: readonly (readonly [string, number])[],
  ): void {
    if (this.#subs.size === 0) return;
    const at = new Map(events.map((e, i) => [e.id, i]));
    const records: { topic: string; partition: number; offset: number; body: string }[] = [];
    for (const [id, offset] of appended) {
      const i = at.get(id);
      if (i === undefined) continue;
      records.push({
        topic: (events[i] as CloudEvent).type,
        partition: partitions[i] as number,
        offset,
        body: bodies[i] as string,
      });
    }
    // Not appended (ids the log had already): nothing new, but its notification was skipped here.
    if (records.length < events.length) this.#wakeReaders(new Set(events.map((e) => e.type)));
    records.sort(inLogOrder);
    for (const sub of this.#subs) {
      const mine = records.filter((r) => sub.topics.includes(r.topic));
      if (mine.length > 0)
        sub.offer(
          mine.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.offset, event: JSON.parse(r.body) })),
        );
    }
  }

  /** Wakes this process's groups reading any of `topics`: they read the log. */
  #wakeReaders(topics: ReadonlySet<string>): void {
    for (const s of this.#subs) if (s.topics.some((t) => topics.has(t))) s.wake();
  }

  /** Reads a partition's next records only once its handler is done with the last ones: never ahead. */
  async subscribe(group: string, topics: readonly string[], handler: PartitionHandler): Promise<Subscription> {
    await sql`INSERT INTO coordina_log_positions (group_id, topic, partition, position)
      SELECT ${group}, t, p, -1 FROM unnest(${[...topics]}::text[]) t, generate_series(0, ${this.#partitions - 1}) p
      ON CONFLICT DO NOTHING`.execute(this.#db.db);
    const sub = new PgSubscription(
      this.#db,
      this.#log,
      group,
      topics,
      handler,
      this.#groupIdleMs,
      this.#positionsWithinMs,
      this.#handedPositionsWithinMs,
      {
        listening: () => this.#listen(),
        stopped: () => {
          this.#subs.delete(sub);
          if (this.#subs.size === 0) {
            void this.#stopSweep();
            this.#dropListener();
          }
        },
      },
    );
    this.#subs.add(sub);
    await sub.start();
    this.#startSweep();
    return sub;
  }

  /**
   * The process's one LISTEN connection, shared by its subscriptions (decision 0077): a
   * notification names the topics appended to, and wakes only the groups reading one of
   * them. Opened again by the next poll once lost; every group then polls, as notifications
   * sent meanwhile are gone.
   */
  #listen(): Promise<void> {
    this.#listening ??= (async () => {
      const listener = await this.#db.connect();
      listener.on('notification', (msg) => this.#notified(msg.payload ?? ''));
      listener.on('error', () => {
        if (this.#listener !== listener) return;
        this.#dropListener();
        // Listening again at once (the sweep listens, then wakes the groups that missed records meanwhile).
        this.#sweep?.wake();
      });
      try {
        await listener.query(`LISTEN ${CHANNEL}`);
      } catch (err) {
        listener.release(true);
        throw err;
      }
      this.#listener = listener;
      for (const s of this.#subs) s.wake();
    })().catch((err: unknown) => {
      this.#listening = undefined;
      throw err;
    });
    return this.#listening;
  }

  #notified(payload: string): void {
    const names = payload.split(TOPIC_SEPARATOR);
    // An append of this broker's: its groups were handed the records or woken (decision 0145).
    if (names[0] === this.#token) return;
    if (names[0]?.startsWith('@')) names.shift();
    // An empty payload (a long list of topics, or an older sender) wakes every group.
    const topics = payload === '' ? undefined : new Set(names);
    for (const s of this.#subs) if (!topics || s.topics.some((t) => topics.has(t))) s.wake();
  }

  /** Gives the LISTEN connection back, destroyed (once: its 'error' may follow the release). */
  #dropListener(): void {
    const listener = this.#listener;
    this.#listener = undefined;
    this.#listening = undefined;
    try {
      listener?.release(true);
    } catch {
      // already released
    }
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
    // Counted (`replays`): a batch read before this replay no longer moves the position when handled.
    await sql`UPDATE coordina_log_positions SET position = ${from.offset - 1}, replays = replays + 1
      WHERE group_id = ${group} AND topic = ${from.topic}`.execute(this.#db.db);
    for (const s of this.#subs) {
      if (s.group === group) s.forget(from.topic);
      s.wake();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subs].map((s) => s.stop()));
    await this.#stopSweep();
    this.#dropListener();
  }
}

/** A partition's records read by one round, with the position and replay count they were read at. */
interface Batch {
  topic: string;
  partition: number;
  position: number;
  replays: number;
  records: LogRecord[];
}

/** Orders records as the log holds them: by topic, partition and offset. */
function inLogOrder(
  a: { topic: string; partition: number; offset: number },
  b: { topic: string; partition: number; offset: number },
): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition || a.offset - b.offset;
}

/** A chained batch whose partition did not end where it starts (the batch before it failed, or a replay). */
class NotFollowing extends Error {}

/** A handled batch's position, set only if the partition is still where and as replayed as the batch was read. */
interface Move {
  topic: string;
  partition: number;
  from: number;
  to: number;
  replays: number;
}

/** The moves as a table `m(topic, partition, from_pos, to_pos, replays)`, for the statements that write them. */
function movesTable(moves: readonly Move[]) {
  return sql`unnest(${moves.map((m) => m.topic)}::text[], ${moves.map((m) => m.partition)}::int[],
    ${moves.map((m) => m.from)}::bigint[], ${moves.map((m) => m.to)}::bigint[], ${moves.map((m) => m.replays)}::int[])
    AS m(topic, partition, from_pos, to_pos, replays)`;
}

/**
 * One group's reader of the log, on a PollingWorker: a NOTIFY naming one of its topics wakes
 * it, and so does the broker's sweep when it finds records past the group's position (a missed
 * notification; a lost listening connection is replaced by the next sweep or poll, which wakes
 * every group). Its own idle poll is a last resort (decisions 0112, 0122). A round hands each partition's batch to the handler and waits for them all;
 * the positions it reached are written by the next round's read.
 */
class PgSubscription implements Subscription {
  readonly #worker: PollingWorker;
  /** Partitions whose batch is being handled (`topic/partition`), with the handling. */
  readonly #busy = new Map<string, Promise<void>>();
  /** A partition's handling failed: the next round throws it, so the group backs off as a failed round. */
  #failure: { err: unknown } | undefined;
  /** Positions of handled batches, not written yet: the next round's read writes them (decision 0094). */
  #moved: Move[] = [];
  /**
   * Where each partition (`topic/partition`) stands after the last batch this group handled, and
   * the replays it was read at: an offered batch that follows on from it is handled without a
   * read (decision 0145). Forgotten when a batch fails and on a replay.
   */
  readonly #known = new Map<string, { position: number; replays: number }>();
  /** Counts replays of this group made here: a batch handled across one does not teach a position. */
  #forgotten = 0;
  /**
   * The last offset of the latest batch started on each busy partition, and its replays: a batch
   * offered meanwhile that follows on from it is chained after it (decision 0145).
   */
  readonly #tail = new Map<string, { position: number; replays: number }>();
  /** A round's read is in flight: offers wait for its rows (which may hold the same records). */
  #reading = false;
  /** Records offered while a read was in flight, taken once its rows are handed out. */
  #stash: LogRecord[] = [];
  #stopping = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    readonly group: string,
    readonly topics: readonly string[],
    private readonly handler: PartitionHandler,
    idleMs: number,
    private readonly positionsWithinMs: number,
    private readonly handedPositionsWithinMs: number,
    private readonly broker: { listening: () => Promise<void>; stopped: () => void },
  ) {
    this.#worker = new PollingWorker({
      name: `log consumer ${group}`,
      log,
      idleMs,
      failure: { baseMs: 500 },
      poll: async () => {
        await this.broker.listening();
        return this.#poll();
      },
      onError: (err) => this.log.warn({ err, group: this.group }, 'log consumer poll failed; retrying'),
    });
  }

  async start(): Promise<void> {
    await this.broker.listening();
    this.#worker.start();
  }

  wake(): void {
    this.#worker.wake();
  }

  /**
   * Records this process just appended to the group's topics, by partition and offset (decision
   * 0145). A partition's records are handled at once if they follow on from the position the
   * group knows, or chained after the batch being handled there if they follow on from it;
   * records a started batch holds already are dropped; any others are read. Offers that come
   * while a read is in flight wait for its rows.
   */
  offer(records: readonly LogRecord[]): void {
    if (this.#stopping) return;
    if (this.#failure) {
      this.wake();
      return;
    }
    if (this.#reading) {
      this.#stash.push(...records);
      return;
    }
    let refused = false;
    for (let from = 0; from < records.length; ) {
      const first = records[from] as LogRecord;
      let to = from + 1;
      while (to < records.length && records[to]?.topic === first.topic && records[to]?.partition === first.partition)
        to++;
      const batch = records.slice(from, to);
      from = to;
      const id = `${first.topic}/${first.partition}`;
      const tail = this.#tail.get(id) ?? this.#known.get(id);
      if (tail && (batch[batch.length - 1] as LogRecord).offset <= tail.position) continue;
      if (!tail || !batch.every((r, i) => r.offset === tail.position + 1 + i)) {
        refused = true;
        continue;
      }
      const handled = this.#start(id, { topic: first.topic, partition: first.partition, ...tail, records: batch });
      // Its position is written by the next read, or within handedPositionsWithinMs; a failure, by the next round.
      void handled.then(() => (this.#failure ? this.wake() : this.#worker.wakeIn(this.handedPositionsWithinMs)));
    }
    if (refused) this.wake();
  }

  /** The records offered during a read, once its rows were handed out (or it failed). */
  #takeStash(): void {
    const stash = this.#stash.splice(0);
    if (stash.length === 0) return;
    stash.sort(inLogOrder);
    this.offer(stash);
  }

  /** A replay moved the group's position on `topic`: its partitions are read again. */
  forget(topic: string): void {
    this.#forgotten++;
    for (const id of [...this.#known.keys()]) if (id.startsWith(`${topic}/`)) this.#known.delete(id);
    for (const id of [...this.#tail.keys()]) if (id.startsWith(`${topic}/`)) this.#tail.delete(id);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#worker.stop();
    await Promise.all(this.#busy.values());
    await this.#writePositions();
    this.broker.stopped();
  }

  /**
   * Reads the next records of every partition not being handled, and starts handling them. The
   * same statement writes the positions of the partitions the last round handled (decision
   * 0094): a compare-and-set per partition (a replay since the batch was read wins, even one back to the position it started from: `replays`), and
   * the read starts past the position the set gives, since the statement's snapshot predates it.
   */
  async #poll(): Promise<boolean> {
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure) {
      await this.#writePositions();
      throw failure.err;
    }
    const busy = [...this.#busy.keys()];
    const moves = this.#moved.splice(0);
    this.#reading = true;
    type Row = { topic: string; partition: number; offset: number; position: number; replays: number; event: unknown };
    let res: { rows: Row[] };
    try {
      res = await sql<Row>`
        WITH moves AS (
          SELECT * FROM ${movesTable(moves)}),
        moved AS (
          UPDATE coordina_log_positions p SET position = m.to_pos FROM moves m
          WHERE p.group_id = ${this.group} AND p.topic = m.topic AND p.partition = m.partition AND p.position = m.from_pos
            AND p.replays = m.replays
          RETURNING 1)
        SELECT p.topic, p.partition, pos.position, p.replays, l."offset", l.event
        FROM coordina_log_positions p
        LEFT JOIN moves m ON m.topic = p.topic AND m.partition = p.partition
        CROSS JOIN LATERAL (
          SELECT CASE WHEN m.from_pos = p.position AND m.replays = p.replays THEN m.to_pos ELSE p.position END AS position) pos
        CROSS JOIN LATERAL (
          SELECT "offset", event FROM coordina_log l
          WHERE l.topic = p.topic AND l.partition = p.partition AND l."offset" > pos.position
          ORDER BY l."offset" LIMIT ${READ_LIMIT}) l
        WHERE p.group_id = ${this.group} AND p.topic = ANY(${[...this.topics]}::text[])
          AND p.topic || '/' || p.partition <> ALL(${busy}::text[])
        ORDER BY p.topic, p.partition, l."offset"`.execute(this.db.db);
    } catch (err) {
      // Not known to be written: set again by the next round (a set that did commit no longer matches, and is skipped).
      for (const m of moves.reverse()) this.#move(m, true);
      this.#reading = false;
      this.#takeStash();
      throw err;
    }
    this.#reading = false;
    if (res.rows.length === 0) {
      this.#takeStash();
      // Partitions being handled were not read: read them soon after (records an offer could not take wait there).
      if (busy.length > 0) this.#worker.wakeIn(this.positionsWithinMs);
      return false;
    }
    const parts = new Map<string, Batch>();
    for (const r of res.rows) {
      const id = `${r.topic}/${r.partition}`;
      let p = parts.get(id);
      if (!p) {
        p = { topic: r.topic, partition: r.partition, position: r.position, replays: r.replays, records: [] };
        parts.set(id, p);
      }
      p.records.push({ topic: r.topic, partition: r.partition, offset: r.offset, event: r.event as never });
    }
    for (const [id, p] of parts) void this.#start(id, p);
    this.#takeStash();
    // The round waits for all its partitions: handling each on its own, polling again as each
    // one ended, cost the single-group event bench 40 % of its burst (decision 0077).
    await Promise.all(this.#busy.values());
    // A full read may have left records behind: read again at once. Otherwise the log was read to
    // its end and the group naps (decision 0138): the next append's NOTIFY starts the next round,
    // whose read writes these positions, or the positions are written within `positionsWithinMs`.
    if (this.#failure || [...parts.values()].some((p) => p.records.length >= READ_LIMIT)) return true;
    this.#worker.wakeIn(this.positionsWithinMs);
    return false;
  }

  /**
   * Handles a partition's batch, marked busy until done; a failure is thrown by the next round. A
   * batch offered while the partition is busy is chained after the one being handled, and runs
   * only if that one ended where it starts (not if it failed, or a replay made it forget).
   */
  #start(id: string, p: Batch): Promise<void> {
    const before = this.#busy.get(id);
    const ready = before
      ? before.then(() => {
          const known = this.#known.get(id);
          if (known?.position !== p.position || known.replays !== p.replays) throw new NotFollowing();
        })
      : Promise.resolve();
    const handling: Promise<void> = ready
      .then(() => this.#handle(id, p))
      .catch((err: unknown) => {
        if (err instanceof NotFollowing) {
          // Its records are read instead.
          this.wake();
          return;
        }
        this.#known.delete(id);
        this.#failure ??= { err };
      })
      .finally(() => {
        // The last batch chained here: the partition is idle.
        if (this.#busy.get(id) !== handling) return;
        this.#busy.delete(id);
        this.#tail.delete(id);
      });
    this.#busy.set(id, handling);
    const last = p.records[p.records.length - 1]?.offset ?? p.position;
    this.#tail.set(id, { position: last, replays: p.replays });
    return handling;
  }

  async #handle(id: string, p: Batch): Promise<void> {
    const forgotten = this.#forgotten;
    await this.handler(p.records);
    // Effects committed in the service database, position not moved: the records come again.
    crashPoint('consumer.after-effect');
    const last = p.records[p.records.length - 1]?.offset ?? p.position;
    if (forgotten === this.#forgotten) this.#known.set(id, { position: last, replays: p.replays });
    // Written by the next round's read, which comes at once (this one found records), or by stop().
    this.#move({ topic: p.topic, partition: p.partition, from: p.position, to: last, replays: p.replays });
  }

  /**
   * Keeps a handled batch's position to be written. One that joins up with a partition's move not
   * written yet extends it (batches handed over one after another, decision 0145): a statement
   * sets a row once, so two moves of a partition would lose the second.
   */
  #move(m: Move, first = false): void {
    const same = (o: Move) => o.topic === m.topic && o.partition === m.partition && o.replays === m.replays;
    const before = this.#moved.find((o) => same(o) && o.to === m.from);
    const after = this.#moved.find((o) => same(o) && o.from === m.to);
    if (before) before.to = m.to;
    else if (after) after.from = m.from;
    else if (first) this.#moved.unshift(m);
    else this.#moved.push(m);
  }

  /** Writes the positions no round has written yet (stopping, or before a failed round's back-off). */
  async #writePositions(): Promise<void> {
    const moves = this.#moved.splice(0);
    if (moves.length === 0) return;
    await sql`UPDATE coordina_log_positions p SET position = m.to_pos
      FROM ${movesTable(moves)}
      WHERE p.group_id = ${this.group} AND p.topic = m.topic AND p.partition = m.partition
        AND p.position = m.from_pos AND p.replays = m.replays`
      .execute(this.db.db)
      .catch((err: unknown) =>
        this.log.warn(
          { err, group: this.group },
          'log consumer could not write its positions; those records come again',
        ),
      );
  }
}
