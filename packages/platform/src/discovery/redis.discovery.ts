import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import type { InstanceLocator } from './instance-locator';

const PREFIX = 'coordina:svc:';

/**
 * Service discovery in Redis: each instance refreshes a key with a short TTL; an instance
 * that stops heartbeating disappears within `ttlMs`. Readers cache the list briefly and can
 * mark an instance down at once when a connection to it is refused.
 */
export class RedisDiscovery implements InstanceLocator {
  readonly #cache = new Map<string, { urls: string[]; at: number }>();
  readonly #down = new Map<string, number>();
  readonly #lookups = new Map<string, Promise<string[]>>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #deregister: (() => Promise<void>)[] = [];
  #rr = 0;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly ttlMs = 3000,
  ) {}

  /** Announces an instance until `stop`. */
  async register(service: string, url: string): Promise<void> {
    const key = `${PREFIX}${service}:${randomUUID()}`;
    const beat = async () => {
      try {
        await this.redis.set(key, url, 'PX', this.ttlMs);
      } catch (err) {
        this.log.warn({ err: String(err) }, 'discovery heartbeat failed');
      }
    };
    await beat();
    const t = setInterval(() => void beat(), Math.floor(this.ttlMs / 3));
    t.unref();
    this.#timers.push(t);
    this.#deregister.push(async () => {
      clearInterval(t);
      await this.redis.del(key).catch(() => undefined);
    });
  }

  /**
   * The service's instances, cached for 500 ms. Once the cache is stale the first caller
   * reads Redis and the others meanwhile get the stale list: a burst of requests costs one
   * lookup, not one each.
   */
  async instances(service: string): Promise<string[]> {
    const c = this.#cache.get(service);
    if (c && Date.now() - c.at < 500) return this.#alive(c.urls);
    let lookup = this.#lookups.get(service);
    if (!lookup) {
      lookup = this.#lookup(service).finally(() => this.#lookups.delete(service));
      this.#lookups.set(service, lookup);
    }
    return this.#alive(c ? c.urls : await lookup);
  }

  async #lookup(service: string): Promise<string[]> {
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await this.redis.scan(cursor, 'MATCH', `${PREFIX}${service}:*`, 'COUNT', 200);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      const urls = keys.length ? ((await this.redis.mget(...keys)).filter(Boolean) as string[]) : [];
      const sorted = [...new Set(urls)].sort();
      this.#cache.set(service, { urls: sorted, at: Date.now() });
      return sorted;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'discovery unavailable; using the last known instances');
      return this.#cache.get(service)?.urls ?? [];
    }
  }

  /** Round robin over healthy instances, the ones to try after it following. */
  async candidates(service: string): Promise<string[]> {
    const urls = await this.instances(service);
    if (urls.length === 0) return [];
    const start = this.#rr++ % urls.length;
    return [...urls.slice(start), ...urls.slice(0, start)];
  }

  markDown(url: string): void {
    this.#down.set(url, Date.now());
  }

  #alive(urls: string[]): string[] {
    const now = Date.now();
    const up = urls.filter((u) => now - (this.#down.get(u) ?? 0) > this.ttlMs);
    return up.length > 0 ? up : urls;
  }

  async stop(): Promise<void> {
    for (const d of this.#deregister) await d();
    for (const t of this.#timers) clearInterval(t);
  }
}
