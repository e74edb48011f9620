/** One limit a request counts against: a key (user, IP, route) and its allowance. */
export interface RateAsk {
  key: string;
  perMinute: number;
}

/**
 * Takes one token from each ask's key (all of a request's limits at once, one round trip
 * where they live remotely); 0 when every one allows it, else the seconds to wait. It answers
 * at once (no promise) when it need not wait for anything, as on most requests.
 */
export interface RateLimiter {
  take(asks: readonly RateAsk[]): number | Promise<number>;
}

/** Token buckets per key (user or IP), refilled continuously, in this process's memory. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  take(asks: readonly RateAsk[], now = Date.now()): number {
    return Math.max(0, ...asks.map((a) => this.#takeOne(a.key, a.perMinute, now)));
  }

  #takeOne(key: string, perMinute: number, now: number): number {
    const rate = perMinute / 60_000;
    const b = this.#buckets.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      if (this.#buckets.size > 100_000) this.#sweep(now, rate);
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  #sweep(now: number, rate: number): void {
    for (const [k, b] of this.#buckets) if ((now - b.at) * rate > 1) this.#buckets.delete(k);
  }
}
