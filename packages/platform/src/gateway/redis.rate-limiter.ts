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

/** The script's command on a client (ioredis' defineCommand: EVALSHA, EVAL once if Redis lacks it). */
type Counting = Redis & { coordinaRateCount(keys: number, ...args: (string | number)[]): Promise<number[]> };

/**
 * Fixed one-minute windows counted in Redis, so a limit holds across gateway instances.
 * All of a request's limits are counted by one script (one command, one round trip), sent by
 * its SHA: the script's text crosses the wire and is hashed by Redis once, not per request.
 * If Redis is down the limiter lets requests through (and says so in the logs).
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Counting;

  constructor(
    redis: Redis,
    private readonly log: Logger,
  ) {
    if (!('coordinaRateCount' in redis)) redis.defineCommand('coordinaRateCount', { lua: COUNT });
    this.#redis = redis as Counting;
  }

  async take(asks: readonly RateAsk[]): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    const keys = asks.map((a) => `coordina:rl:${a.key}:${window}`);
    try {
      const counts = await this.#redis.coordinaRateCount(keys.length, ...keys, 61_000);
      const over = asks.some((a, i) => (counts[i] ?? 0) > a.perMinute);
      return over ? Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000)) : 0;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'rate limiter unavailable: allowing');
      return 0;
    }
  }
}
