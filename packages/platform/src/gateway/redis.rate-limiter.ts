import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import type { RateAsk, RateLimiter } from './rate-limiter';

/** Counts one more in each window key KEYS[i] (expiring after ARGV[1] ms); returns the counts. */
const COUNT = `
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return counts`;

const COUNT_SHA = createHash('sha1').update(COUNT).digest('hex');

/**
 * A request passes without waiting for Redis while each of its keys is known to stand at most
 * this share of its limit (decision 0058); nearer the limit it waits for Redis's count.
 */
const FAR_FROM_LIMIT = 0.5;

/**
 * Fixed one-minute windows counted in Redis, so a limit holds across gateway instances.
 * All of a request's limits are counted by one script (one command, one round trip), sent by
 * its SHA: the script's text crosses the wire and is hashed by Redis once, not per request.
 * EVALSHA is a plain command: ioredis' `defineCommand` would do the same, but its scripts may
 * never settle on a client without an offline queue (ioredis #1511, decision 0014).
 *
 * Every request is counted in Redis, but one whose keys this process knows to be far from
 * their limits (at most half of it, by the counts Redis last answered plus the requests this
 * process let through since) is let through without waiting for the count: the round trip
 * leaves the request's latency. A key this process has not counted yet in the window, or one
 * nearer its limit, waits for Redis's answer, so a limit is decided exactly where it matters.
 * If Redis is down the limiter lets requests through (and says so in the logs).
 */
export class RedisRateLimiter implements RateLimiter {
  /** Per window key: the count Redis last answered and this process's requests since. */
  readonly #known = new Map<string, { count: number; pending: number }>();
  #window = 0;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  async take(asks: readonly RateAsk[]): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    if (window !== this.#window) {
      this.#window = window;
      this.#known.clear();
    }
    const keys = asks.map((a) => `coordina:rl:${a.key}:${window}`);
    const far = asks.every((a, i) => {
      const k = this.#known.get(keys[i] as string);
      return k !== undefined && k.count + k.pending + 1 <= a.perMinute * FAR_FROM_LIMIT;
    });
    const counted = this.#counted(keys);
    if (far) {
      counted.catch(() => undefined);
      return 0;
    }
    try {
      const counts = await counted;
      const over = asks.some((a, i) => (counts[i] ?? 0) > a.perMinute);
      return over ? Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000)) : 0;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'rate limiter unavailable: allowing');
      return 0;
    }
  }

  /** Counts the request in Redis, keeping what Redis answers as the keys' known counts. */
  async #counted(keys: string[]): Promise<number[]> {
    const window = this.#window;
    const entries = keys.map((key) => {
      let k = this.#known.get(key);
      if (!k) {
        k = { count: 0, pending: 0 };
        this.#known.set(key, k);
      }
      k.pending++;
      return k;
    });
    try {
      const counts = await this.#count(keys);
      if (window === this.#window) {
        for (const [i, k] of entries.entries()) k.count = Math.max(k.count, counts[i] ?? 0);
      }
      return counts;
    } catch (err) {
      // Unknown again: the next request waits for Redis (and is let through if it is down).
      if (window === this.#window) for (const key of keys) this.#known.delete(key);
      throw err;
    } finally {
      for (const k of entries) k.pending--;
    }
  }

  /** EVALSHA, and EVAL when Redis does not have the script (first use, restart, SCRIPT FLUSH). */
  async #count(keys: string[]): Promise<number[]> {
    try {
      return (await this.redis.evalsha(COUNT_SHA, keys.length, ...keys, 61_000)) as number[];
    } catch (err) {
      if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
      return (await this.redis.eval(COUNT, keys.length, ...keys, 61_000)) as number[];
    }
  }
}
