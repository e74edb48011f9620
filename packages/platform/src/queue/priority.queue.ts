import { createHash, randomUUID } from 'node:crypto';
import { fromKysely, type JobInsert, PgBoss } from 'pg-boss';
import { PreparingClient } from '../db/begin-folding.client';
import { afterCommit } from '../db/database';
import type { Logger } from '../observability/logger';
import { activeTraceparent } from '../observability/tracing';
import { PollingWorker } from '../runtime/polling.worker';
import type { RequestPressure } from '../runtime/request-pressure';
import { DeadLetters } from './dead-letters';
import { jobIdFor } from './job-key';
import { PriorityPolicy } from './priority.policy';
import type { QueueEnvelope } from './queue.envelope';
import type {
  DeadLetter,
  QueuedJob,
  QueueHandler,
  QueueRetryOptions,
  QueueSendOptions,
  QueueWorkOptions,
} from './queue.types';
import { QueueWorker } from './queue.worker';

export interface PriorityQueueOptions {
  /** The owning service (for logs and the operators' dead-letter list). */
  service: string;
  /** The service's own database; pg-boss keeps its tables in schema `pgboss` there. */
  url: string;
  log: Logger;
  /** Seconds of waiting worth one priority level (aging). */
  agingStepSeconds?: number;
  /** Defaults for every queue; `define` overrides them per queue. */
  retry?: QueueRetryOptions;
  /**
   * How long an idle first lane waits before polling again (default 10 minutes, a last resort): a
   * local send wakes it at once or when its job is due, a retry when pg-boss made it due (decision
   * 0112), a job sent elsewhere by its NOTIFY, and the sweep (`sweepMs`) any other due job
   * (decision 0129).
   */
  idleMs?: number;
  /**
   * How often one statement looks for due jobs in every queue this process works (default 30 s):
   * jobs expired after a worker died, retries and delayed jobs sent by another process. It wakes
   * the queues that have one, and those with a job due later when it falls due (decision 0129).
   */
  sweepMs?: number;
  /** How often pg-boss expires the jobs of workers that died and deletes old ones (default 60 s; tests set less). */
  superviseSeconds?: number;
  /** The app's command pressure, which every lane but the first gives way to (none: never waits). */
  pressure?: RequestPressure;
}

const DEFAULT_RETRY: Required<QueueRetryOptions> = {
  retryLimit: 5,
  retryDelaySeconds: 2,
  retryDelayMaxSeconds: 300,
  expireInSeconds: 120,
};
const DEAD_RETENTION_SECONDS = 30 * 24 * 3600;
const IDLE_MS = 600_000;
const SWEEP_MS = 30_000;
/**
 * pg-boss's NOTIFY channel for schema `pgboss` (its `notifyChannelSql`: 'pgboss_' and the first 24
 * hex digits of the schema's SHA-224); an insert into a queue created with `notify` sends it,
 * naming the queue, when the job is due at once.
 */
const NOTIFY_CHANNEL = `pgboss_${createHash('sha224').update('pgboss').digest('hex').slice(0, 24)}`;
/** The listening connection checks it still listens this often (pg-boss's default: 10 s). */
const LISTEN_HEARTBEAT_MS = 60_000;
/** A second wake after a send in a transaction `afterCommit` does not know, by when it has most likely committed. */
const AFTER_COMMIT_MS = 25;

/**
 * A priority job queue for one service over pg-boss. pg-boss starts on first use, so
 * services that never queue anything pay nothing at boot.
 */
export class PriorityQueue {
  readonly policy: PriorityPolicy;
  readonly #defined = new Map<string, Promise<void>>();
  readonly #workers: QueueWorker<unknown>[] = [];
  #boss: Promise<PgBoss> | undefined;
  #stopped = false;
  /** Finds due jobs for the queues this process works (decision 0129); started with the first `work`. */
  #sweeper: PollingWorker | undefined;
  #listening: Promise<{ close: () => Promise<void> } | undefined> | undefined;

  constructor(private readonly options: PriorityQueueOptions) {
    this.policy = new PriorityPolicy(options.agingStepSeconds);
  }

  get service(): string {
    return this.options.service;
  }

  /** Creates (or reconfigures) a queue with its retry settings and its dead-letter queue. */
  define(name: string, retry: QueueRetryOptions = {}): Promise<void> {
    const r = { ...DEFAULT_RETRY, ...this.options.retry, ...retry };
    const done = this.#boss$().then(async (boss) => {
      const dead = `${name}.dead`;
      await boss.createQueue(dead, { retentionSeconds: DEAD_RETENTION_SECONDS, retryLimit: 0 });
      const settings = {
        retryLimit: r.retryLimit,
        retryDelay: r.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: r.retryDelayMaxSeconds,
        expireInSeconds: r.expireInSeconds,
        deadLetter: dead,
        // A job due at once sends a NOTIFY in its insert's transaction: another process's lanes
        // wake for it without polling (decision 0129).
        notify: true,
      };
      await boss.createQueue(name, settings);
      // An existing queue keeps its row: apply changed settings (retryDelayMax is create-only).
      const { retryDelayMax: _, ...update } = settings;
      await boss.updateQueue(name, update);
    });
    this.#defined.set(name, done);
    return done;
  }

  /** Enqueues a job; resolves to its id, or null when a job with this singletonKey already exists. */
  async send<T extends object>(name: string, data: T, options: QueueSendOptions = {}): Promise<string | null> {
    const [id] = await this.sendMany(name, [{ data, ...options }], options.tx);
    return id ?? null;
  }

  /** Enqueues many jobs in one statement (a flood of low-priority work, or a fan-out). */
  async sendMany<T extends object>(
    name: string,
    jobs: (QueueSendOptions & { data: T })[],
    tx?: QueueSendOptions['tx'],
  ): Promise<(string | null)[]> {
    const boss = await this.#ready(name);
    if (jobs.length === 0) return [];
    const now = new Date();
    const rows: JobInsert[] = jobs.map((j) => {
      const runnableAt = j.startAfter && j.startAfter > now ? j.startAfter : now;
      const level = j.priority ?? 'normal';
      const envelope: QueueEnvelope<T> = { level, runnableAt: runnableAt.toISOString(), payload: j.data };
      const traceparent = activeTraceparent();
      if (traceparent) envelope.traceparent = traceparent;
      return {
        id: j.singletonKey ? jobIdFor(name, j.singletonKey) : randomUUID(),
        data: envelope,
        priority: this.policy.priority(level, runnableAt),
        startAfter: j.startAfter,
        singletonKey: j.singletonKey,
      };
    });
    const ids = (await boss.insert(name, rows, { returnId: true, db: tx ? fromKysely(tx) : undefined })) ?? [];
    // A job due later wakes the lanes when it falls due; one due now, at once. Sent in a
    // transaction, it is visible only when that commits: the wake-up waits for the commit
    // (decision 0078), or, in a transaction of unknown origin, comes once more just after.
    const dueIn = Math.min(
      ...rows.map((r) => (r.startAfter instanceof Date ? r.startAfter.getTime() - now.getTime() : 0)),
    );
    const workers = this.#workers.filter((w) => w.name === name);
    const wake = () => {
      for (const w of workers) w.wake(dueIn > 0 ? dueIn - (Date.now() - now.getTime()) : 0, rows.length);
    };
    if (!tx || !afterCommit(tx, wake)) {
      wake();
      if (tx) for (const w of workers) w.wake(Math.max(0, dueIn) + AFTER_COMMIT_MS);
    }
    // pg-boss returns only the inserted ids; a duplicate key is missing from them.
    const inserted = new Set(ids);
    return rows.map((r) => (r.id && inserted.has(r.id) ? r.id : null));
  }

  /** Cancels a job that has not run yet, found by its singletonKey; false when there was none. */
  async cancel(name: string, singletonKey: string, tx?: QueueSendOptions['tx']): Promise<boolean> {
    const boss = await this.#ready(name);
    const r = await boss.cancel(name, jobIdFor(name, singletonKey), { db: tx ? fromKysely(tx) : undefined });
    // CommandResponse is declared empty; at run time it carries the affected count.
    return ((r as { affected?: number }).affected ?? 0) > 0;
  }

  /** The job sent with this singletonKey, while pg-boss keeps it (tests, operators). */
  async find(name: string, singletonKey: string): Promise<QueuedJob | undefined> {
    const boss = await this.#ready(name);
    const [job] = await boss.findJobs<QueueEnvelope<unknown>>(name, { id: jobIdFor(name, singletonKey) });
    if (!job) return undefined;
    return {
      id: job.id,
      state: job.state,
      level: job.data.level,
      runnableAt: new Date(job.data.runnableAt),
      data: job.data.payload,
      retryCount: job.retryCount,
    };
  }

  /** Runs the queue's jobs in this process, `concurrency` at a time. */
  async work<T>(name: string, handler: QueueHandler<T>, options: QueueWorkOptions = {}): Promise<void> {
    const boss = await this.#ready(name);
    if (this.#stopped) return;
    const w = new QueueWorker<T>(
      boss,
      name,
      handler,
      this.options.log,
      options.concurrency ?? 4,
      this.options.idleMs ?? IDLE_MS,
      this.options.pressure,
      options.batchSize,
    );
    this.#workers.push(w as QueueWorker<unknown>);
    w.start();
    this.#listening ??= this.#listen(boss);
    this.#sweeper ??= this.#startSweeper(boss);
    // A job sent before this lane listened has no notification coming: the sweep finds it.
    this.#sweeper.wake();
  }

  /**
   * The NOTIFY of a job due at once, sent by any process, wakes one lane of its queue here
   * (decision 0129). On (re)connecting, notifications sent meanwhile are lost: the sweep runs.
   */
  async #listen(boss: PgBoss): Promise<{ close: () => Promise<void> } | undefined> {
    const db = boss.getDb();
    if (!db.listen) return undefined;
    try {
      return await db.listen(
        NOTIFY_CHANNEL,
        (queue) => {
          for (const w of this.#workers) if (w.name === queue) w.wake(0, 1);
        },
        () => this.#sweeper?.wake(),
      );
    } catch (err) {
      this.options.log.warn(
        { err, service: this.service },
        'queue: cannot listen for jobs sent elsewhere; the sweep finds them',
      );
      return undefined;
    }
  }

  /** One statement for every queue worked here: wakes those with a job due, and those with one due later when it is. */
  #startSweeper(boss: PgBoss): PollingWorker {
    const sweeper = new PollingWorker({
      name: `queue sweep ${this.service}`,
      log: this.options.log,
      idleMs: this.options.sweepMs ?? SWEEP_MS,
      poll: async () => {
        const names = [...new Set(this.#workers.map((w) => w.name))];
        const r = await boss.getDb().executeSql(
          `SELECT name, (extract(epoch FROM min(start_after) - pgboss.job_now()) * 1000)::float8 AS ms
             FROM pgboss.job WHERE name = ANY($1::text[]) AND state < 'active' AND NOT blocked GROUP BY name`,
          [names],
        );
        for (const row of r.rows as { name: string; ms: number }[])
          for (const w of this.#workers) if (w.name === row.name) w.wake(Math.max(0, row.ms), 1);
        return false;
      },
    });
    sweeper.start();
    return sweeper;
  }

  /** Jobs that failed every attempt, in every queue of this service (without starting pg-boss). */
  async deadLetters(limit = 500): Promise<DeadLetter[]> {
    if (!this.#boss) return [];
    return new DeadLetters(await this.#boss, this.service).list(limit);
  }

  /** Moves a dead job back to its queue; false when this service has no such dead letter. */
  async retryDeadLetter(id: string): Promise<boolean> {
    if (!this.#boss) return false;
    const retried = await new DeadLetters(await this.#boss, this.service).retry(id);
    // The job is queued again: its queue's lanes take it now, not at their next idle poll.
    if (retried) for (const w of this.#workers) w.wake();
    return retried;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#sweeper?.stop();
    await (await this.#listening)?.close();
    await Promise.all(this.#workers.map((w) => w.stop()));
    if (this.#boss) await (await this.#boss.catch(() => undefined))?.stop({ graceful: true, timeout: 5000 });
  }

  #ready(name: string): Promise<PgBoss> {
    return (this.#defined.get(name) ?? this.define(name)).then(() => this.#boss$());
  }

  #boss$(): Promise<PgBoss> {
    if (this.#stopped) return Promise.reject(new Error(`the ${this.service} queue is stopped`));
    this.#boss ??= this.#start();
    return this.#boss;
  }

  async #start(): Promise<PgBoss> {
    const boss = new PgBoss({
      connectionString: this.options.url,
      schema: 'pgboss',
      max: 4,
      application_name: `coordina-${this.service}-queue`,
      schedule: false,
      // One connection stays open between pg-boss's own passes (its instance heartbeat every 30 s,
      // its supervision every 60 s), which would otherwise open a new backend each (decision 0128).
      // (pg-boss hands its options to pg's pool, which reads `min`; pg-boss's types do not list it.)
      ...({ min: 1 } as object),
      // Its statements with parameters prepared once per connection, as the services' own (decision 0137).
      ...({ Client: PreparingClient } as object),
      notifyHeartbeatIntervalMs: LISTEN_HEARTBEAT_MS,
      // No job here depends on another (pg-boss flows): its flow poller, every 5 s by default,
      // has nothing to resolve, and an idle product should not ask (decision 0112).
      flowIntervalSeconds: 60,
      // pg-boss's own rounds that an idle product need not run every minute (decision 0131): its
      // instance registry (only read by operators comparing instances), its queue-settings cache
      // (every process defines its queues with the same settings), its check for its own pending
      // schema migrations, and its vacuum-health warnings (read nowhere; the embedded server's
      // autovacuum is configured by decision 0123). Expiry, retries and retention are unchanged.
      instanceHeartbeatSeconds: 300,
      queueCacheIntervalSeconds: 300,
      bamIntervalSeconds: 600,
      monitorVacuum: false,
      // Expiring the jobs of a worker that died is part of pg-boss's monitoring pass, run by its supervision.
      ...(this.options.superviseSeconds
        ? {
            superviseIntervalSeconds: this.options.superviseSeconds,
            monitorIntervalSeconds: this.options.superviseSeconds,
          }
        : {}),
    });
    boss.on('error', (err) => this.options.log.warn({ err }, 'pg-boss error'));
    await boss.start();
    return boss;
  }
}
