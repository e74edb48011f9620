/** Cache-aside store with TTLs. Failures of the store read as misses, never as errors. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** A read that is not counted in the hit rate (bookkeeping keys such as versions). */
  peek<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Reads through: one loader runs per key at a time in this process (stampede protection). */
  wrap<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
}

export type CacheObserver = (result: 'hit' | 'miss') => void;

/** Shared read-through logic and hit/miss accounting; subclasses provide the store. */
export abstract class BaseCache implements Cache {
  readonly #loading = new Map<string, Promise<unknown>>();
  #observer: CacheObserver | undefined;

  protected abstract read<T>(key: string): Promise<T | undefined>;
  abstract set(key: string, value: unknown, ttlMs: number): Promise<void>;
  abstract del(...keys: string[]): Promise<void>;

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
}
