import { ensureDatabase, withDatabase } from '../src/db/database';
import { createLogger } from '../src/observability/logger';
import { PriorityQueue, type PriorityQueueOptions } from '../src/queue/priority.queue';
import { testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';

/** Priority queues on one fresh database, closed together after the tests. */
export class QueueFixture {
  readonly #queues: PriorityQueue[] = [];
  #url: string | undefined;

  async open(options: Partial<PriorityQueueOptions> = {}): Promise<PriorityQueue> {
    if (!this.#url) {
      const name = `${uniquePrefix()}queue`;
      await ensureDatabase(testPostgresUrl(), name);
      this.#url = withDatabase(testPostgresUrl(), name);
    }
    const q = new PriorityQueue({
      service: 'test',
      url: this.#url,
      log: createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }),
      idleMs: 50,
      ...options,
    });
    this.#queues.push(q);
    return q;
  }

  /** The queues' database (after the first `open`). */
  get url(): string {
    if (!this.#url) throw new Error('open a queue first');
    return this.#url;
  }

  async close(): Promise<void> {
    await Promise.all(this.#queues.map((q) => q.stop()));
  }
}

/** Resolves when `count` calls of the returned `tick` happened. */
export function countdown(count: number): { tick: () => void; done: Promise<void> } {
  let left = count;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  if (left <= 0) resolve();
  return {
    tick: () => {
      left--;
      if (left === 0) resolve();
    },
    done,
  };
}
