import type { Logger } from '../observability/logger';

/** An idle lane other than the first naps this many times `idleMs`, unless woken. */
const FOLLOWER_NAP = 5;
/** The default wait after failed rounds in a row: from this, doubling, up to the next (both at most the idle time). */
const FAILURE_BASE_MS = 500;
const FAILURE_MAX_MS = 30_000;

export interface PollingWorkerOptions {
  /** For logs: what this worker polls. */
  name: string;
  /**
   * One round of work: true when it found something (poll again at once), false when there
   * was nothing to do. A throw is a failed round: reported (`onError`, a warning by default),
   * then the lane waits `failure` before it polls again.
   */
  poll: (lane: number) => Promise<boolean>;
  log: Logger;
  /** Lanes polling at once (default 1). */
  lanes?: number;
  /** How long the first lane naps when idle before it polls again (read before every nap). */
  idleMs: number | (() => number);
  /**
   * The wait after a failed round: `baseMs`, doubled with each failed round in a row up to
   * `maxMs` (a database outage is waited out without hammering it). A wake-up does not end it.
   * Default: from half a second up to 30 s, never longer than the idle time (decision 0136).
   */
  failure?: { baseMs: number; maxMs?: number };
  /** Told of a failed round instead of the default warning (e.g. to drop a lost connection). */
  onError?: (err: unknown) => void;
  /** Awaited before each round of a lane (e.g. giving way to a rush); lane 0 is the first. */
  beforePoll?: (lane: number) => Promise<void>;
  /**
   * How a lane that found work shares it (decision 0118): `all` (default), the first lane wakes
   * every sleeping lane; `one`, any lane wakes the lowest sleeping lane, so a backlog brings the
   * lanes in one by one and a single item does not send every lane to ask for it.
   */
  share?: 'all' | 'one';
}

/**
 * The one polling loop of the platform, for work found by asking the database. Each lane
 * polls again at once while it finds work. When idle, the first lane naps `idleMs`, the
 * others five times as long unless the first finds work and wakes them, so an idle worker
 * with four lanes asks 1.6 times per `idleMs`, not 4. `wake()` ends every nap now (a local
 * send), `wakeIn(ms)` no later than `ms` from now (a job due then); a lane woken while it was
 * polling polls once more instead of napping (its round may have read before the news). Failed rounds back off
 * (`failure`). The outbox relay, the PostgreSQL log's consumers, the saga timekeeper and the
 * queue workers all run on it.
 */
export class PollingWorker {
  /** Wakeable naps, each with its lane. */
  readonly #sleepers = new Map<() => void, number>();
  /** Naps only stopping ends (the waits after failed rounds). */
  readonly #stoppers = new Set<() => void>();
  readonly #lanes: Promise<void>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #stopping = false;
  /** Wake-ups so far: a lane that was woken while it polled polls again instead of napping. */
  #wakes = 0;
  /**
   * Rounds owed by `wakeSome` that no sleeping lane could take (every lane was polling): a lane
   * whose round finds nothing takes one and polls once more, as a woken sleeper would have.
   */
  #owed = 0;

  constructor(private readonly options: PollingWorkerOptions) {}

  start(): void {
    if (this.#lanes.length > 0) return;
    for (let i = 0; i < (this.options.lanes ?? 1); i++) this.#lanes.push(this.#lane(i));
  }

  wake(): void {
    this.#wakes++;
    for (const w of [...this.#sleepers.keys()]) w();
  }

  /**
   * News of `n` items (decision 0118): wakes up to `n` sleeping lanes, the lowest first (the
   * first lane never gives way to a rush); each of the `n` no sleeping lane could take is owed
   * to the next lane whose round finds nothing, which polls once more (its read may have come
   * before the news), so no item waits for an idle nap.
   */
  wakeSome(n: number): void {
    const woken = this.#wakeSleepers(n);
    this.#owed = Math.min(this.options.lanes ?? 1, this.#owed + n - woken);
  }

  /** Ends the naps of up to `n` sleeping lanes, the lowest lanes first; how many it ended. */
  #wakeSleepers(n: number): number {
    if (n <= 0 || this.#sleepers.size === 0) return 0;
    const lowest = [...this.#sleepers].sort((a, b) => a[1] - b[1]).slice(0, n);
    for (const [w] of lowest) w();
    return lowest.length;
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
    for (const w of [...this.#stoppers]) w();
    await Promise.all(this.#lanes);
  }

  async #lane(lane: number): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      await this.options.beforePoll?.(lane);
      if (this.#stopping) return;
      let found = false;
      // A round taken now serves whatever was owed (decision 0118).
      if (this.#owed > 0) this.#owed--;
      // A wake-up during the round (a NOTIFY for a commit its read did not see) must not be lost.
      const wakes = this.#wakes;
      try {
        found = await this.options.poll(lane);
        failures = 0;
      } catch (err) {
        failures++;
        if (this.#stopping) return;
        if (this.options.onError) this.options.onError(err);
        else this.options.log.warn({ err, worker: this.options.name }, 'polling round failed');
        await this.#nap(this.#backoff(failures), false);
        continue;
      }
      if (found) {
        // More work is likely: let sleeping lanes share it.
        if (this.options.share === 'one') this.#wakeSleepers(1);
        else if (lane === 0) this.wake();
        continue;
      }
      if (this.#wakes !== wakes) continue;
      if (this.#owed > 0) {
        this.#owed--;
        continue;
      }
      const idle = this.#idleMs();
      await this.#nap(lane === 0 ? idle : idle * FOLLOWER_NAP, true, lane);
    }
  }

  #idleMs(): number {
    const { idleMs } = this.options;
    return typeof idleMs === 'function' ? idleMs() : idleMs;
  }

  /** The wait after the `failures`-th failed round in a row. */
  #backoff(failures: number): number {
    const { failure } = this.options;
    const idle = this.#idleMs();
    const base = failure ? failure.baseMs : Math.min(idle, FAILURE_BASE_MS);
    const max = failure ? (failure.maxMs ?? base) : Math.min(idle, FAILURE_MAX_MS);
    return Math.min(max, base * 2 ** Math.min(failures - 1, 16));
  }

  /** Sleeps `ms`, or until woken (stopping always ends it). */
  #nap(ms: number, wakeable = true, lane = 0): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepers.delete(done);
        this.#stoppers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (wakeable) this.#sleepers.set(done, lane);
      else this.#stoppers.add(done);
    });
  }
}
