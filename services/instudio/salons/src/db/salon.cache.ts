import { randomUUID } from 'node:crypto';
import type { Cache } from '@coordina/platform';
import type { SalonDetail, SalonPage, SalonSearchQuery } from '../contracts/salons.dto';

const DETAIL_TTL_MS = 60_000;
const SEARCH_TTL_MS = 30_000;
const GENERATION_KEY = 'salons:search:generation';

/**
 * Cache-aside for salon reads. Details are keyed by id; search pages by a generation that
 * any change bumps, so one invalidation drops every cached page at once.
 */
export class SalonCache {
  constructor(private readonly cache: Cache) {}

  /** Misses (unknown ids) are not cached. */
  async detail(id: string, load: () => Promise<SalonDetail | undefined>): Promise<SalonDetail | undefined> {
    const key = `salons:detail:${id}`;
    const cached = await this.cache.get<SalonDetail>(key);
    if (cached) return cached;
    const fresh = await load();
    if (fresh) await this.cache.set(key, fresh, DETAIL_TTL_MS);
    return fresh;
  }

  async search(query: SalonSearchQuery, load: () => Promise<SalonPage>): Promise<SalonPage> {
    const generation = await this.#generation();
    const key = `salons:search:${generation}:${JSON.stringify(query)}`;
    return this.cache.wrap(key, SEARCH_TTL_MS, load);
  }

  async invalidate(salonId: string): Promise<void> {
    await this.cache.del(`salons:detail:${salonId}`);
    await this.cache.set(GENERATION_KEY, randomUUID(), 86_400_000);
  }

  async #generation(): Promise<string> {
    const current = await this.cache.get<string>(GENERATION_KEY);
    if (current) return current;
    const fresh = randomUUID();
    await this.cache.set(GENERATION_KEY, fresh, 86_400_000);
    return fresh;
  }
}
