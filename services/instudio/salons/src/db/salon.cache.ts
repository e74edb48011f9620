import { randomUUID } from 'node:crypto';
import type { Cache, JsonBody } from '@coordina/platform';
import type { SalonDetail } from '../contracts/salons.dto';

const DETAIL_TTL_MS = 60_000;
const PAGE_TTL_MS = 30_000;
const VERSION_TTL_MS = 86_400_000;
const GENERATION_KEY = 'salons:generation';

/**
 * Cache-aside for salon reads. Keys carry versions: a salon's detail its own version, search
 * and promotion pages a generation shared by all salons. A change sets new versions after its
 * commit, so no reader can find an entry older than the change, even one a slow loader writes
 * late (it lands under the old version, which nobody reads any more).
 */
export class SalonCache {
  constructor(private readonly cache: Cache) {}

  /** Misses (unknown ids) are not cached. */
  async detail(id: string, load: () => Promise<SalonDetail | undefined>): Promise<SalonDetail | undefined> {
    const key = `salons:detail:${id}:${await this.#version(`salons:version:${id}`)}`;
    const cached = await this.cache.get<SalonDetail>(key);
    if (cached) return cached;
    const fresh = await load();
    if (fresh) await this.cache.set(key, fresh, DETAIL_TTL_MS);
    return fresh;
  }

  /**
   * A page of a listing (`kind`: search, promotions) for a validated query, as the JSON text
   * the handler sends. Its key carries the generation, so the text under it never changes and
   * this process keeps a copy: a hit costs the generation's read alone (decision 0059).
   */
  async page<T>(kind: string, query: unknown, load: () => Promise<T>): Promise<JsonBody<T>> {
    const generation = await this.#version(GENERATION_KEY);
    return this.cache.wrapJson(`salons:${kind}:${generation}:${JSON.stringify(query)}`, PAGE_TTL_MS, load);
  }

  /**
   * The page `page` would answer, if this process holds it under the current generation;
   * `undefined` otherwise (no generation yet, or not kept here): nothing is loaded or written.
   */
  async cachedPage<T>(kind: string, query: unknown): Promise<JsonBody<T> | undefined> {
    const generation = await this.cache.peek<string>(GENERATION_KEY);
    if (!generation) return undefined;
    return this.cache.nearJson<T>(`salons:${kind}:${generation}:${JSON.stringify(query)}`);
  }

  /** Drops the salon's detail and every page. */
  async invalidate(salonId: string): Promise<void> {
    await this.cache.set(`salons:version:${salonId}`, randomUUID(), VERSION_TTL_MS);
    await this.cache.set(GENERATION_KEY, randomUUID(), VERSION_TTL_MS);
  }

  async #version(key: string): Promise<string> {
    const current = await this.cache.peek<string>(key);
    if (current) return current;
    const fresh = randomUUID();
    await this.cache.set(key, fresh, VERSION_TTL_MS);
    return fresh;
  }
}
