import { sql } from 'kysely';
import type pg from 'pg';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Database } from '../db/database';
import type { Logger } from '../observability/logger';
import { contextOf, endSpan, type Span, SpanKind, startSpan, tracingOn, withSpan } from '../observability/tracing';
import { crashPoint } from '../runtime/crash-points';
import { PollingWorker } from '../runtime/polling.worker';
import type { LogBroker } from './log-broker';

/** The longest an acknowledged row waits to be marked published when no commit wakes the relay (decision 0138). */
const MARK_WITHIN_MS = 50;

/**
 * Moves outbox rows to the broker in outbox order. One relay per service database leads
 * (a session advisory lock), so per-key order holds with several instances; a failed
 * append is retried, and a row is marked published only after the broker has it. It runs
 * on a PollingWorker: a NOTIFY from a commit wakes it, and it polls anyway every 60 s (the
 * leader, in case a notification was missed; decisions 0112, 0122) or 2 s (the others, trying the
 * lock: the relay fails over within 2 s).
 */
export class OutboxRelay {
  readonly #worker: PollingWorker;
  #conn: pg.PoolClient | undefined;
  #leader = false;
  /** Rows the broker acknowledged, marked published by the next round's statement (the one that picks the next rows). */
  #acked: number[] = [];
  /**
   * The batch being appended, not acknowledged yet (decision 0111): the next round picks the
   * following rows meanwhile, and appends them only once this one is acknowledged.
   */
  #sending: { seqs: number[]; done: Promise<void> } | undefined;

  constructor(
    private readonly service: string,
    private readonly db: Database,
    private readonly broker: LogBroker,
    private readonly log: Logger,
    private readonly batchSize = 500,
    /** The leader's poll for a missed notification (its listening connection, when lost, wakes it too). */
    leaderIdleMs = 60_000,
    /** The longest acknowledged rows wait to be marked when no commit wakes the relay. */
    private readonly markWithinMs = MARK_WITHIN_MS,
  ) {
    this.#worker = new PollingWorker({
      name: `outbox relay ${service}`,
      log,
      idleMs: () => (this.#leader ? leaderIdleMs : 2000),
      failure: { baseMs: 500 },
      poll: async () => {
        if (!this.#leader) await this.#tryLead();
        return this.#leader && (await this.#relayBatch());
      },
      onError: (err) => {
        this.log.warn({ err, service: this.service }, 'outbox relay failed; retrying');
        this.#dropConnection();
      },
    });
  }

  start(): void {
    this.#worker.start();
  }

  wake(): void {
    this.#worker.wake();
  }

  async stop(): Promise<void> {
    await this.#worker.stop();
    // The last append: once acknowledged, its rows are marked with the others below.
    await this.#sent().catch(() => undefined);
    // What the broker has but no round marked yet: marked now, or (failing that) sent again by the next relay.
    const acked = this.#acked.splice(0);
    if (acked.length > 0)
      await sql`UPDATE coordina_outbox SET published_at = now() WHERE seq = ANY(${acked}::bigint[])`
        .execute(this.db.db)
        .catch((err: unknown) =>
          this.log.warn({ err, service: this.service }, 'outbox relay could not mark its last rows; they go out again'),
        );
    this.#dropConnection();
  }

  /**
   * Waits for the append in flight, if any; its rows join those the next round marks. A failed
   * append throws here: its rows stay unpublished and the next round picks them again, first.
   */
  async #sent(): Promise<void> {
    const sending = this.#sending;
    if (!sending) return;
    try {
      await sending.done;
    } finally {
      this.#sending = undefined;
    }
    // Acknowledged, not marked: after a crash here the rows go out again (the PostgreSQL log drops
    // them by event id; on Kafka the consumers' inbox does).
    crashPoint('relay.after-publish');
    this.#acked.push(...sending.seqs);
  }

  /** Gives the lock connection back, destroyed (once: its 'error' may follow the release). */
  #dropConnection(): void {
    const conn = this.#conn;
    this.#conn = undefined;
    this.#leader = false;
    try {
      conn?.release(true);
    } catch {
      // already released
    }
  }

  async #tryLead(): Promise<void> {
    if (!this.#conn) {
      const conn = await this.db.connect();
      this.#conn = conn;
      conn.on('notification', () => this.wake());
      // The lock lived on this connection: losing it (the server restarted) ends the lead.
      conn.on('error', () => {
        if (this.#conn !== conn) return;
        this.#dropConnection();
        this.wake();
      });
      await this.#conn.query('LISTEN coordina_outbox');
    }
    const r = await this.#conn.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext('coordina_outbox_relay')) AS ok",
    );
    this.#leader = r.rows[0]?.ok === true;
  }

  /**
   * One round, pipelined with the broker (decision 0111): marks the rows the broker acknowledged
   * and picks the next ones while the previous batch's append is still in flight, then waits for
   * that append's acknowledgement and starts appending the new rows. One append at a time, in
   * outbox order: a batch goes to the broker only after the one before it was acknowledged, and
   * when an append fails, the rows picked behind it are not sent (the next round picks both again,
   * in order). A round that picked nothing still waits for the append in flight, so the relay
   * naps only once everything it sent is acknowledged.
   *
   * A round that drained the outbox (it picked less than a batch) waits for its own append and
   * naps (decision 0138): the rows it appended are marked by the next round's pick, which the
   * next commit's NOTIFY starts, or at the latest MARK_WITHIN_MS from now. Under a steady trickle
   * of events that makes one statement per event (mark and pick), not three.
   */
  async #relayBatch(): Promise<boolean> {
    const picked = performance.now();
    // One round trip: the rows acknowledged so far are marked published and the next ones picked
    // (the pick's snapshot predates the mark, so it leaves those rows out itself, and the rows
    // being appended too).
    const acked = this.#acked;
    const skip = [...acked, ...(this.#sending?.seqs ?? [])];
    const rows = await sql<{ seq: number; event: CloudEvent }>`
      WITH marked AS (UPDATE coordina_outbox SET published_at = now() WHERE seq = ANY(${acked}::bigint[]) RETURNING seq)
      SELECT seq, event FROM coordina_outbox WHERE published_at IS NULL AND seq <> ALL(${skip}::bigint[])
      ORDER BY seq LIMIT ${this.batchSize}`.execute(this.db.db);
    this.#acked = [];
    await this.#sent();
    if (rows.rows.length === 0) return this.#napMarking();
    crashPoint('outbox.after-commit');
    const events = rows.rows.map((r) => r.event);
    const spans = tracingOn() ? this.#publishSpans(events, picked) : undefined;
    // The broker's own work (the PostgreSQL log's transaction) shows under the first event's span.
    const done = withSpan(spans?.[0], () => this.broker.append(events)).then(
      () => {
        for (const s of spans ?? []) endSpan(s);
      },
      (err: unknown) => {
        for (const s of spans ?? []) endSpan(s, err);
        throw err;
      },
    );
    // Awaited by the next round or by stop(); never left unobserved meanwhile.
    done.catch(() => undefined);
    this.#sending = { seqs: rows.rows.map((r) => r.seq), done };
    // A full batch: more rows may wait, picked while this append is in flight.
    if (rows.rows.length >= this.batchSize) return true;
    await this.#sent();
    return this.#napMarking();
  }

  /** Nothing more to pick: naps, the acknowledged rows marked by the next round within `markWithinMs`. */
  #napMarking(): false {
    if (this.#acked.length > 0) this.#worker.wakeIn(this.markWithinMs);
    return false;
  }

  /** One publish span per event, continuing its outbox insert's context: from the pick-up to the broker's ack. */
  #publishSpans(events: readonly CloudEvent[], picked: number): Span[] {
    return events.flatMap(
      (e) =>
        startSpan(
          `publish ${e.type}`,
          {
            kind: SpanKind.PRODUCER,
            startTime: picked,
            attributes: {
              'messaging.system': this.broker.kind,
              'messaging.destination.name': e.type,
              'messaging.message.id': e.id,
              'messaging.batch.message_count': events.length,
            },
          },
          contextOf(e.traceparent),
        ) ?? [],
    );
  }
}
