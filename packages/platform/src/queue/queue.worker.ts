import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from '../observability/logger';
import { contextOf, endSpan, type Span, SpanKind, startSpan, tracingOn, withSpan } from '../observability/tracing';
import { PollingWorker } from '../runtime/polling.worker';
import type { RequestPressure } from '../runtime/request-pressure';
import type { QueueEnvelope } from './queue.envelope';
import type { QueueHandler } from './queue.types';

/** The most due times a queue worker keeps (beyond them, the sweep finds the jobs). */
const MAX_DUES = 1024;

/** Orders fetched jobs as pg-boss picks them: higher priority first, then the older. */
export function bestFirst(a: { priority: number; createdOn: Date }, b: { priority: number; createdOn: Date }): number {
  return b.priority - a.priority || a.createdOn.getTime() - b.createdOn.getTime();
}

/**
 * Runs one queue's jobs in `concurrency` lanes of a PollingWorker. Each round fetches the
 * single best job (pg-boss orders by priority, then creation), runs it, and completes or
 * fails it; pg-boss turns a failure into a retry with backoff or, after the last one, a dead
 * letter. Fetching one job at a time keeps the priority order exact; with `batchSize`, the
 * lanes after the first fetch several, best first (decision 0140). A local send wakes the
 * lanes (at once, or when its job falls due, decision 0139). While commands press (RequestPressure), every
 * lane but the first waits before fetching: the first lane always runs, so the most urgent
 * job never waits for a rush to pass.
 */
export class QueueWorker<T> {
  readonly #poller: PollingWorker;
  /**
   * When jobs sent or retried here fall due (epoch ms, ascending, distinct): the poller's timer
   * holds only the earliest, so a round that finds nothing arms it for the next one still ahead.
   */
  readonly #dues: number[] = [];

  constructor(
    private readonly boss: PgBoss,
    readonly name: string,
    private readonly handler: QueueHandler<T>,
    private readonly log: Logger,
    concurrency: number,
    idleMs: number,
    pressure?: RequestPressure,
    /** Jobs a lane other than the first fetches at once (decision 0140). */
    private readonly batchSize = 1,
  ) {
    this.#poller = new PollingWorker({
      name: `queue ${name}`,
      log,
      lanes: concurrency,
      idleMs,
      beforePoll: (lane) => (lane > 0 && pressure ? pressure.calm() : Promise.resolve()),
      poll: (lane) => this.#runSome(lane),
      // A job found wakes one more lane, not all of them (decision 0118).
      share: 'one',
    });
  }

  start(): void {
    this.#poller.start();
  }

  /**
   * `jobs` were sent: fetch now, or no later than `ms` from now when they are not due yet. Now:
   * as many lanes as jobs, not every lane (decision 0118); each fetch takes one job, and a lane
   * that found one fetches again.
   */
  wake(ms = 0, jobs = Number.POSITIVE_INFINITY): void {
    if (ms > 0) this.#dueIn(ms);
    else if (Number.isFinite(jobs)) this.#poller.wakeSome(jobs);
    else this.#poller.wake();
  }

  /**
   * A job falls due `ms` from now. Every due time is kept, not only the earliest: the lanes woken
   * for an earlier job find nothing more and nap, and a later job must still wake them when it
   * falls due, not at the next sweep (decision 0139).
   */
  #dueIn(ms: number): void {
    const at = Date.now() + Math.ceil(ms);
    const dues = this.#dues;
    let i = dues.length;
    while (i > 0 && (dues[i - 1] as number) > at) i--;
    if (dues[i - 1] === at) return;
    dues.splice(i, 0, at);
    // So many distinct due times ahead: the latest is left to the sweep (it reads the queue's next due job).
    if (dues.length > MAX_DUES) dues.pop();
    this.#poller.wakeIn(ms);
  }

  /** After a round found nothing: forgets the due times passed, and arms the timer for the next one. */
  #armNextDue(): void {
    const now = Date.now();
    let passed = 0;
    while (passed < this.#dues.length && (this.#dues[passed] as number) <= now) passed++;
    this.#dues.splice(0, passed);
    const next = this.#dues[0];
    if (next !== undefined) this.#poller.wakeIn(next - now);
  }

  stop(): Promise<void> {
    return this.#poller.stop();
  }

  /**
   * pg-boss put the failed job back with a backoff it chose (jitter included): the lanes wake when
   * it falls due rather than at their next idle poll, which is seconds away (decision 0112).
   */
  async #wakeForRetry(id: string): Promise<void> {
    const again = await this.boss.getJobById(this.name, id);
    if (again && (again.state === 'retry' || again.state === 'created'))
      this.wake(new Date(again.startAfter).getTime() - Date.now());
  }

  /**
   * Fetches the best job, or in a lane other than the first up to `batchSize` of them in priority
   * order (decision 0140), runs them one after another, and completes those that succeeded in one
   * statement. The first lane takes one job at a time, so a job more urgent than a batch being run
   * waits for at most the first lane's current job.
   */
  async #runSome(lane: number): Promise<boolean> {
    const batchSize = lane === 0 ? 1 : this.batchSize;
    const jobs = await this.boss.fetch<QueueEnvelope<T>>(this.name, { batchSize, includeMetadata: true });
    if (jobs.length === 0) {
      this.#armNextDue();
      return false;
    }
    // pg-boss picks the best jobs but returns them in no particular order: run them best first.
    if (jobs.length > 1) jobs.sort(bestFirst);
    const done: { id: string; retryCount: number }[] = [];
    for (const job of jobs) if (await this.#run(job)) done.push({ id: job.id, retryCount: job.retryCount });
    if (done.length > 0)
      await this.boss
        .complete(this.name, done)
        .catch((e) => this.log.error({ err: e, jobIds: done.map((d) => d.id) }, 'could not complete jobs'));
    return true;
  }

  /** Traced: the job's span continues the sender's (the envelope's traceparent). */
  async #run(job: JobWithMetadata<QueueEnvelope<T>>): Promise<boolean> {
    const span = tracingOn()
      ? startSpan(`job ${this.name}`, { kind: SpanKind.CONSUMER }, contextOf(job.data.traceparent))
      : undefined;
    try {
      return await this.#handle(job, span);
    } finally {
      endSpan(span);
    }
  }

  /** Runs the job's handler; true when it succeeded (to be completed), false when it failed (already recorded). */
  async #handle(job: JobWithMetadata<QueueEnvelope<T>>, span: Span | undefined): Promise<boolean> {
    const attempt = { id: job.id, retryCount: job.retryCount };
    try {
      await withSpan(span, () =>
        this.handler({
          id: job.id,
          name: job.name,
          data: job.data.payload,
          retryCount: job.retryCount,
          retryLimit: job.retryLimit,
          priority: job.data.level,
          runnableAt: new Date(job.data.runnableAt),
        }),
      );
    } catch (err) {
      span?.setAttribute('coordina.failed', true);
      this.log.warn({ err, queue: this.name, jobId: job.id, retryCount: job.retryCount }, 'queue job failed');
      await this.boss
        .fail(this.name, attempt, { message: err instanceof Error ? err.message : String(err) })
        .then(() => (job.retryCount < job.retryLimit ? this.#wakeForRetry(job.id) : undefined))
        .catch((e) => this.log.error({ err: e, jobId: job.id }, 'could not record a job failure'));
      return false;
    }
    return true;
  }
}
