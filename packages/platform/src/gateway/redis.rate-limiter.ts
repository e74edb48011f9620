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
 * Fixed one-minute windows counted in Redis, so a limit holds across gateway instances.
 * All of a request's limits are counted by one script (one command, one round trip), sent by
 * its SHA: the script's text crosses the wire and is hashed by Redis once, not per request.
 * EVALSHA is a plain command: ioredis' `defineCommand` would do the same, but its scripts may
 * never settle on a client without an offline queue (ioredis #1511, decision 0014).
 * If Redis is down the limiter lets requests through (and says so in the logs).
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  async take(asks: readonly RateAsk[]): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    const keys = asks.map((a) => `coordina:rl:${a.key}:${window}`);
    try {
      const counts = await this.#count(keys);
      const over = asks.some((a, i) => (counts[i] ?? 0) > a.perMinute);
      return over ? Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000)) : 0;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'rate limiter unavailable: allowing');
      return 0;
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
