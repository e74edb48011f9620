import { JsonBody } from '../http/answer-bodies';

/** Cache-aside store with TTLs. Failures of the store read as misses, never as errors. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** A read that is not counted in the hit rate (bookkeeping keys such as versions). */
  peek<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Reads through: one loader runs per key at a time in this process (stampede protection). */
  wrap<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /**
   * Reads through like `wrap`, keeping the value as its JSON text: the store holds the text and
   * a handler sends it as it is (`JsonBody`), never parsed and serialized again. The key must
   * name one value for its whole life (it carries a version that a change replaces, as the
   * services' page caches do): this process keeps a copy of the text it read or loaded, so the
   * next read of the key needs no round trip to the store (decision 0059).
   */
  wrapJson<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<JsonBody<T>>;
  /**
   * The text `wrapJson` keeps in this process for the key, if it has one (counted as a hit);
   * `undefined` otherwise (not counted: the caller reads through `wrapJson` next, which counts).
   * No round trip to the store: a cached answer tries it before the handler runs (decision 0124).
   */
  nearJson<T>(key: string): JsonBody<T> | undefined;
}

export type CacheObserver = (result: 'hit' | 'miss') => void;

/** How many texts `wrapJson` keeps in this process, the oldest dropped first. */
const NEAR_ENTRIES = 1000;

/** Shared read-through logic and hit/miss accounting; subclasses provide the store. */
export abstract class BaseCache implements Cache {
  readonly #loading = new Map<string, Promise<unknown>>();
  readonly #loadingJson = new Map<string, Promise<JsonBody<unknown>>>();
  /** `wrapJson`'s copies: versioned keys, whose text never changes while they live. */
  readonly #near = new Map<string, { body: JsonBody<unknown>; expires: number }>();
  #observer: CacheObserver | undefined;

  protected abstract read<T>(key: string): Promise<T | undefined>;
  /** The text stored under a key as it is (what `writeText` stored). */
  protected abstract readText(key: string): Promise<string | undefined>;
  protected abstract writeText(key: string, text: string, ttlMs: number): Promise<void>;
  protected abstract remove(keys: readonly string[]): Promise<void>;
  abstract set(key: string, value: unknown, ttlMs: number): Promise<void>;

  /** Reports every read as a hit or a miss (the hit-rate metric). */
  observe(observer: CacheObserver): this {
    this.#observer = observer;
    return this;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.read<T>(key);
    this.#observer?.(value === undefined ? 'miss' : 'hit');
    return value;
  }

  peek<T>(key: string): Promise<T | undefined> {
    return this.read<T>(key);
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.#near.delete(k);
    await this.remove(keys);
  }

  async wrap<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const pending = this.#loading.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const p = (async () => {
      try {
        const value = await load();
        await this.set(key, value, ttlMs);
        return value;
      } finally {
        this.#loading.delete(key);
      }
    })();
    this.#loading.set(key, p);
    return p;
  }

  nearJson<T>(key: string): JsonBody<T> | undefined {
    const near = this.#near.get(key);
    if (!near || near.expires <= Date.now()) return undefined;
    this.#observer?.('hit');
    return near.body as JsonBody<T>;
  }

  async wrapJson<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<JsonBody<T>> {
    const near = this.#near.get(key);
    if (near && near.expires > Date.now()) {
      this.#observer?.('hit');
      return near.body as JsonBody<T>;
    }
    if (near) this.#near.delete(key);
    const pending = this.#loadingJson.get(key) as Promise<JsonBody<T>> | undefined;
    if (pending) return pending;
    const p = (async () => {
      try {
        const text = await this.readText(key);
        this.#observer?.(text === undefined ? 'miss' : 'hit');
        const body = text === undefined ? JsonBody.of(await load()) : new JsonBody<T>(text);
        if (text === undefined) await this.writeText(key, body.text, ttlMs);
        this.#keep(key, body, ttlMs);
        return body;
      } finally {
        this.#loadingJson.delete(key);
      }
    })();
    this.#loadingJson.set(key, p);
    return p;
  }

  #keep(key: string, body: JsonBody<unknown>, ttlMs: number): void {
    if (this.#near.size >= NEAR_ENTRIES) {
      const oldest = this.#near.keys().next().value;
      if (oldest !== undefined) this.#near.delete(oldest);
    }
    this.#near.set(key, { body, expires: Date.now() + ttlMs });
  }
}
