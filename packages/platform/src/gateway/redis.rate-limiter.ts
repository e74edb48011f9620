import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import type { RateLimiter } from './rate-limiter';

/**
 * Fixed one-minute windows counted in Redis, so a limit holds across gateway instances.
 * If Redis is down the limiter lets requests through (and says so in the logs).
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  async take(key: string, perMinute: number): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    const k = `coordina:rl:${key}:${window}`;
    try {
      const res = await this.redis.multi().incr(k).pexpire(k, 61_000).exec();
      const count = Number(res?.[0]?.[1] ?? 0);
      if (count <= perMinute) return 0;
      return Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
    } catch (err) {
      this.log.warn({ err: String(err) }, 'rate limiter unavailable: allowing');
      return 0;
    }
  }
}
