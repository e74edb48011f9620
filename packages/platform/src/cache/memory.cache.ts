import { BaseCache } from './cache';

/** The embedded default's cache: a bounded map with expiry. */
export class MemoryCache extends BaseCache {
  readonly #entries = new Map<string, { value: unknown; expires: number }>();

  constructor(private readonly maxEntries = 10_000) {
    super();
  }

  protected async read<T>(key: string): Promise<T | undefined> {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expires < Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return structuredClone(e.value) as T;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value: structuredClone(value), expires: Date.now() + ttlMs });
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.#entries.delete(k);
  }
}
