import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How hard commands (non-GET requests) press on this process, so background work can give
 * way to them: consumers and queue workers call `calm()` before each batch, which waits while
 * the commands in flight plus those that arrived in the last `windowMs` exceed `threshold`,
 * for at most `maxWaitMs`. Arrivals count too because a process whose event loop is busy
 * accepts new connections slowly (one per loop turn): during a rush most buyers are still
 * waiting to be accepted, and only the arrival rate shows them. Under a rush the answers come
 * first and the pipeline behind them catches up right after; it is never starved, since every
 * wait ends by `maxWaitMs`.
 */
export class RequestPressure {
  #inFlight = 0;
  /** Arrival times (performance.now()) within the window, oldest first. */
  readonly #arrivals: number[] = [];

  constructor(
    private readonly threshold = 64,
    private readonly windowMs = 500,
    private readonly maxWaitMs = 1000,
    private readonly pollMs = 20,
  ) {}

  /** Commands in flight plus those that arrived within the window. */
  get level(): number {
    const since = performance.now() - this.windowMs;
    while (this.#arrivals.length > 0 && (this.#arrivals[0] as number) < since) this.#arrivals.shift();
    return this.#inFlight + this.#arrivals.length;
  }

  /** Counts a command until the returned function is called (once). */
  enter(): () => void {
    this.#inFlight++;
    this.#arrivals.push(performance.now());
    if (this.#arrivals.length > 4 * this.threshold) this.#arrivals.shift();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#inFlight--;
    };
  }

  async calm(): Promise<void> {
    const until = performance.now() + this.maxWaitMs;
    while (this.level > this.threshold && performance.now() < until) await sleep(this.pollMs);
  }
}

/** This process's commands: one per process, shared by its HTTP server and its consumers. */
export const requestPressure = new RequestPressure();
