import type { Logger } from '../observability/logger';

/** An idle lane other than the first naps this many times `idleMs`, unless woken. */
const FOLLOWER_NAP = 5;

export interface PollingWorkerOptions {
  /** For logs: what this worker polls. */
  name: string;
  /**
   * One round of work: true when it found something (poll again at once), false when there
   * was nothing to do. A throw is logged and counts as an idle round.
   */
  poll: (lane: number) => Promise<boolean>;
  log: Logger;
  /** Lanes polling at once (default 1). */
  lanes?: number;
  /** How long the first lane naps when idle before it polls again. */
  idleMs: number;
  /** Awaited before each round of a lane (e.g. giving way to a rush); lane 0 is the first. */
  beforePoll?: (lane: number) => Promise<void>;
}

/**
 * The one polling loop of the platform, for work found by asking the database. Each lane
 * polls again at once while it finds work. When idle, the first lane naps `idleMs`, the
 * others five times as long unless the first finds work and wakes them, so an idle worker
 * with four lanes asks 1.6 times per `idleMs`, not 4. `wake()` ends every nap now (a local
 * send), `wakeIn(ms)` no later than `ms` from now (a job due then).
 */
export class PollingWorker {
  readonly #sleepers = new Set<() => void>();
  readonly #lanes: Promise<void>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #stopping = false;

  constructor(private readonly options: PollingWorkerOptions) {}

  start(): void {
    if (this.#lanes.length > 0) return;
    for (let i = 0; i < (this.options.lanes ?? 1); i++) this.#lanes.push(this.#lane(i));
  }

  wake(): void {
    for (const w of [...this.#sleepers]) w();
  }

  /** Ends every nap no later than `ms` from now. */
  wakeIn(ms: number): void {
    if (this.#stopping) return;
    const at = Date.now() + Math.max(0, ms);
    if (at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.wake();
      },
      Math.max(0, ms),
    );
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    this.wake();
    await Promise.all(this.#lanes);
  }

  async #lane(lane: number): Promise<void> {
    while (!this.#stopping) {
      await this.options.beforePoll?.(lane);
      if (this.#stopping) return;
      let found = false;
      try {
        found = await this.options.poll(lane);
      } catch (err) {
        if (!this.#stopping) this.options.log.warn({ err, worker: this.options.name }, 'polling round failed');
      }
      if (found) {
        // More work is likely: let sleeping lanes share it.
        if (lane === 0) this.wake();
        continue;
      }
      await this.#nap(lane === 0 ? this.options.idleMs : this.options.idleMs * FOLLOWER_NAP);
    }
  }

  /** Sleeps `ms`, or until woken. */
  #nap(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#sleepers.add(done);
    });
  }
}
