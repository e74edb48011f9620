import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from '../observability/logger';
import { requestPressure } from '../runtime/request-pressure';
import type { QueueEnvelope } from './queue.envelope';
import type { QueueHandler } from './queue.types';

/**
 * Runs one queue's jobs in `concurrency` lanes. Each lane fetches the single best job
 * (pg-boss orders by priority, then creation), runs it, and completes or fails it; pg-boss
 * turns a failure into a retry with backoff or, after the last one, a dead letter. A lane
 * fetches again at once while there is work and naps `idleMs` when there is none (a local
 * send wakes it early). Fetching one job at a time keeps the priority order exact.
 * While commands press (RequestPressure), every lane but the first waits before fetching:
 * the first lane always runs, so the most urgent job never waits for a rush to pass.
 */
export class QueueWorker<T> {
  #stopping = false;
  #lanes: Promise<void>[] = [];
  readonly #sleepers = new Set<() => void>();

  constructor(
    private readonly boss: PgBoss,
    readonly name: string,
    private readonly handler: QueueHandler<T>,
    private readonly log: Logger,
    private readonly concurrency: number,
    private readonly idleMs: number,
  ) {}

  start(): void {
    for (let i = 0; i < this.concurrency; i++) this.#lanes.push(this.#lane(i > 0));
  }

  wake(): void {
    for (const w of this.#sleepers) w();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await Promise.all(this.#lanes);
  }

  async #lane(givesWay: boolean): Promise<void> {
    while (!this.#stopping) {
      let jobs: JobWithMetadata<QueueEnvelope<T>>[] = [];
      if (givesWay) await requestPressure.calm();
      try {
        jobs = await this.boss.fetch<QueueEnvelope<T>>(this.name, { batchSize: 1, includeMetadata: true });
      } catch (err) {
        if (!this.#stopping) this.log.warn({ err, queue: this.name }, 'queue fetch failed');
      }
      if (jobs.length === 0) {
        await this.#nap();
        continue;
      }
      for (const job of jobs) await this.#run(job);
    }
  }

  async #run(job: JobWithMetadata<QueueEnvelope<T>>): Promise<void> {
    const attempt = { id: job.id, retryCount: job.retryCount };
    try {
      await this.handler({
        id: job.id,
        name: job.name,
        data: job.data.payload,
        retryCount: job.retryCount,
        priority: job.data.level,
        runnableAt: new Date(job.data.runnableAt),
      });
    } catch (err) {
      this.log.warn({ err, queue: this.name, jobId: job.id, retryCount: job.retryCount }, 'queue job failed');
      await this.boss
        .fail(this.name, attempt, { message: err instanceof Error ? err.message : String(err) })
        .catch((e) => this.log.error({ err: e, jobId: job.id }, 'could not record a job failure'));
      return;
    }
    await this.boss
      .complete(this.name, attempt)
      .catch((e) => this.log.error({ err: e, jobId: job.id }, 'could not complete a job'));
  }

  #nap(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.idleMs);
      this.#sleepers.add(done);
    });
  }
}
