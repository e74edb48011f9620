import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * How hard commands (non-GET requests) press on this process, so background work can give
 * way to them: consumers and queue workers call `calm()` before each batch, which waits while
 * the commands in flight plus those that arrived in the last `windowMs` exceed `threshold`,
 * for at most `maxWaitMs`. Arrivals count too because a process whose event loop is busy
 * accepts new connections slowly (one per loop turn): during a rush most buyers are still
 * waiting to be accepted, and only the arrival rate shows them. Under a rush the answers come
 * first and the pipeline behind them catches up right after; it is never starved, since every
 * wait ends by `maxWaitMs` (10 s: long enough to outlast a rush of a few thousand commands,
 * short enough that sustained load still moves every partition). Work a person is waiting
 * for (login codes, urgent emails) does not call `calm()`: see `ConsumerSpec.urgent` and the
 * queue worker's first lane. One per app (CoordinaApp, the gateway server), shared by its HTTP
 * server, its consumers and its queue workers, and handed to them: no module state.
 */
export class RequestPressure {
  #inFlight = 0;
  /** The level other processes announce (SharedPressure), 0 when none. */
  #shared = 0;
  /** Arrival times (performance.now()) within the window, oldest first. */
  readonly #arrivals: number[] = [];

  constructor(
    private readonly threshold = 64,
    private readonly windowMs = 500,
    private readonly maxWaitMs = 10_000,
    private readonly pollMs = 20,
  ) {}

  /** Commands in flight plus those that arrived within the window (this process's own). */
  get local(): number {
    const since = performance.now() - this.windowMs;
    while (this.#arrivals.length > 0 && (this.#arrivals[0] as number) < since) this.#arrivals.shift();
    return this.#inFlight + this.#arrivals.length;
  }

  /** The higher of this process's level and the one other processes announce. */
  get level(): number {
    return Math.max(this.local, this.#shared);
  }

  /** Whether background work should give way now. */
  get pressed(): boolean {
    return this.level > this.threshold;
  }

  /** Sets the level announced by other processes. */
  follow(level: number): void {
    this.#shared = Number.isFinite(level) && level > 0 ? level : 0;
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
    while (this.pressed && performance.now() < until) await sleep(this.pollMs);
  }
}

/**
 * Shares command pressure across the processes of the distributed topology through Redis:
 * the gateways, where every command arrives, announce their level while it is high (a key
 * that expires within a second), and every service process follows the highest announced
 * level, so consumers everywhere (payments, notifications, analytics...) give way to a rush,
 * not only those in the process that serves it. Redis errors are ignored: each process then
 * goes by its own level.
 */
export class SharedPressure {
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly pressure: RequestPressure,
    private readonly key = 'coordina:pressure',
  ) {}

  /** Gateways: announce this process's level every 100 ms while background work should wait. */
  announce(): void {
    this.#every(100, async () => {
      if (!this.pressure.pressed) return;
      // Several gateways share the key; any of them under a rush keeps it alive.
      await this.redis.set(this.key, String(this.pressure.local), 'PX', 1000);
    });
  }

  /** Services: follow the announced level, read every 100 ms. */
  follow(): void {
    this.#every(100, async () => this.pressure.follow(Number((await this.redis.get(this.key)) ?? 0)));
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    this.pressure.follow(0);
  }

  #every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => void fn().catch(() => undefined), ms);
    t.unref();
    this.#timers.push(t);
  }
}
