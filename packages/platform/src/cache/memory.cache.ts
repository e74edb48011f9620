import { BaseCache } from './cache';

/** An entry: a value (cloned in and out), or the JSON text `wrapJson` stored. */
type Entry = { value: unknown; text?: undefined; expires: number } | { text: string; expires: number };

/** The embedded default's cache: a bounded map with expiry. */
export class MemoryCache extends BaseCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 10_000) {
    super();
  }

  protected async read<T>(key: string): Promise<T | undefined> {
    const e = this.#entry(key);
    if (!e) return undefined;
    if (e.text !== undefined) return JSON.parse(e.text) as T;
    // A string or a number (a version, a generation) is a copy already: only objects are cloned.
    return (typeof e.value === 'object' && e.value !== null ? structuredClone(e.value) : e.value) as T;
  }

  protected async readText(key: string): Promise<string | undefined> {
    const e = this.#entry(key);
    if (!e) return undefined;
    return e.text ?? JSON.stringify(e.value);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.#put(key, { value: structuredClone(value), expires: Date.now() + ttlMs });
  }

  protected async writeText(key: string, text: string, ttlMs: number): Promise<void> {
    this.#put(key, { text, expires: Date.now() + ttlMs });
  }

  protected async remove(keys: readonly string[]): Promise<void> {
    for (const k of keys) this.#entries.delete(k);
  }

  #put(key: string, entry: Entry): void {
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, entry);
  }

  #entry(key: string): Entry | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expires < Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }
}
