import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import { BaseCache } from './cache';

/** How many peeked keys (versions) a process keeps, the oldest dropped first. */
const NEAR_PEEKS = 10_000;
/** The longest a peeked value is trusted without Redis, by default (a bound should a notice ever be missed). */
const NEAR_PEEK_MS = 30_000;

/**
 * The distributed cache. When Redis is unreachable every read is a miss and writes are skipped.
 *
 * `peek` (the services' version and generation keys, read on every cached read) is answered from
 * this process once it has read the key, while a subscription tells it of every change: `set` and
 * `del` publish the key on the cache's channel after writing it, and every process holding a copy
 * drops it when the notice arrives (decision 0120). Redis delivers the notice before it answers
 * the writer's PUBLISH, so before the writer's HTTP answer leaves; a copy is used only while the
 * subscription is up, and all copies are dropped when it drops.
 */
export class RedisCache extends BaseCache {
  readonly #channel: string;
  #subscriber: Redis | undefined;
  /** True while the subscription is confirmed: only then are peeked copies kept and used. */
  #watching = false;
  /**
   * Peeks reading Redis, by key: true once a notice for the key (or a drop of the subscription)
   * arrived while the read was in flight, and the value read is then not kept.
   */
  readonly #reading = new Map<string, boolean>();
  readonly #peeked = new Map<string, { text: string; until: number }>();
  readonly #peekTrustMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    options: { watchChanges?: boolean; peekTrustMs?: number } = {},
  ) {
    super();
    this.#peekTrustMs = options.peekTrustMs ?? NEAR_PEEK_MS;
    this.#channel = `${prefix}changed`;
    if (options.watchChanges ?? true) this.#watch();
  }

  override async peek<T>(key: string): Promise<T | undefined> {
    if (this.#watching) {
      const near = this.#peeked.get(key);
      if (near && near.until > Date.now()) return JSON.parse(near.text) as T;
      if (near) this.#peeked.delete(key);
    }
    // A second read of a key already in flight is not kept (the first one's entry is shared).
    const first = !this.#reading.has(key);
    if (first) this.#reading.set(key, false);
    let text: string | undefined;
    try {
      text = await this.readText(key);
    } finally {
      const changed = this.#reading.get(key) !== false;
      if (first) this.#reading.delete(key);
      if (first && !changed && text !== undefined && this.#watching) this.#keepPeeked(key, text);
    }
    return text === undefined ? undefined : (JSON.parse(text) as T);
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

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.#changed(key);
    await this.writeText(key, JSON.stringify(value), ttlMs);
    await this.#announce(key);
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
    for (const k of keys) this.#changed(k);
    try {
      await this.redis.del(...keys.map((k) => this.prefix + k));
    } catch (err) {
      this.log.warn({ err: String(err) }, 'cache unavailable: not invalidated');
    }
    for (const k of keys) await this.#announce(k);
  }

  override async close(): Promise<void> {
    this.#stopWatching();
    this.#subscriber?.disconnect();
    this.#subscriber = undefined;
  }

  /** Tells every process of this cache that `key` changed (they drop their copies of it). */
  async #announce(key: string): Promise<void> {
    try {
      await this.redis.publish(this.#channel, key);
    } catch (err) {
      this.log.warn({ err: String(err) }, 'cache unavailable: change not announced');
    }
  }

  /** The key changed: its copy goes, and a read of it in flight is not kept. */
  #changed(key: string): void {
    this.#peeked.delete(key);
    if (this.#reading.has(key)) this.#reading.set(key, true);
  }

  #keepPeeked(key: string, text: string): void {
    if (this.#peeked.size >= NEAR_PEEKS) {
      const oldest = this.#peeked.keys().next().value;
      if (oldest !== undefined) this.#peeked.delete(oldest);
    }
    this.#peeked.set(key, { text, until: Date.now() + this.#peekTrustMs });
  }

  #stopWatching(): void {
    this.#watching = false;
    this.#peeked.clear();
    for (const key of this.#reading.keys()) this.#reading.set(key, true);
  }

  #watch(): void {
    // Its own connection (a subscribed connection serves nothing else), queueing its SUBSCRIBE
    // until connected and subscribing again after a reconnection (ioredis' autoResubscribe).
    const subscriber = this.redis.duplicate({ enableAutoPipelining: false, enableOfflineQueue: true });
    subscriber.on('message', (_channel: string, key: string) => this.#changed(key));
    const subscribe = () => {
      subscriber.subscribe(this.#channel).then(
        () => {
          if (this.#subscriber === subscriber) this.#watching = true;
        },
        (err: unknown) => this.log.warn({ err: String(err) }, 'cache change notices: not subscribed'),
      );
    };
    // Every disconnection may have lost notices: nothing kept from before it is trusted again.
    subscriber.on('close', () => this.#stopWatching());
    subscriber.on('ready', () => {
      if (this.#subscriber === subscriber && !this.#watching) subscribe();
    });
    subscriber.on('error', (err) => this.log.warn({ err: String(err) }, 'cache change notices'));
    this.#subscriber = subscriber;
  }
}
