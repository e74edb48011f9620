import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import { BaseCache } from './cache';

/** The distributed cache. When Redis is unreachable every read is a miss and writes are skipped. */
export class RedisCache extends BaseCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    super();
  }

  protected async read<T>(key: string): Promise<T | undefined> {
    const text = await this.readText(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  protected async readText(key: string): Promise<string | undefined> {
    try {
      const v = await this.redis.get(this.prefix + key);
      return v === null ? undefined : v;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'cache unavailable: miss');
      return undefined;
    }
  }

  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    return this.writeText(key, JSON.stringify(value), ttlMs);
  }

  protected async writeText(key: string, text: string, ttlMs: number): Promise<void> {
    try {
      await this.redis.set(this.prefix + key, text, 'PX', ttlMs);
    } catch (err) {
      this.log.warn({ err: String(err) }, 'cache unavailable: not stored');
    }
  }

  protected async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.redis.del(...keys.map((k) => this.prefix + k));
    } catch (err) {
      this.log.warn({ err: String(err) }, 'cache unavailable: not invalidated');
    }
  }
}
