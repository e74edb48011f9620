import { randomUUID } from 'node:crypto';
import type { Cache } from '@coordina/platform';
import type { ProductView } from '../contracts/products.dto';

const DETAIL_TTL_MS = 60_000;
const LISTING_KEY = 'gamevault-catalog:listing';
const LISTING_KEY_TTL_MS = 86_400_000;

/**
 * Cache-aside for product reads. A detail is dropped when its product changes; every page of
 * the public list is keyed by a listing generation that any change replaces, so a page a slow
 * loader writes late lands under a generation nobody reads any more.
 */
export class ProductCache {
  constructor(
    private readonly cache: Cache,
    private readonly listTtlMs: number,
  ) {}

  /** Misses (unknown ids) are not cached. */
  async detail(id: string, load: () => Promise<ProductView | undefined>): Promise<ProductView | undefined> {
    const key = `gamevault-catalog:product:${id}`;
    const cached = await this.cache.get<ProductView>(key);
    if (cached) return cached;
    const fresh = await load();
    if (fresh) await this.cache.set(key, fresh, DETAIL_TTL_MS);
    return fresh;
  }

  /** A page of the public list for a validated query. */
  async page<T>(query: unknown, load: () => Promise<T>): Promise<T> {
    let generation = await this.cache.peek<string>(LISTING_KEY);
    if (!generation) {
      generation = randomUUID();
      await this.cache.set(LISTING_KEY, generation, LISTING_KEY_TTL_MS);
    }
    return this.cache.wrap(`gamevault-catalog:page:${generation}:${JSON.stringify(query)}`, this.listTtlMs, load);
  }

  /** Drops the product's detail and every page of the list. */
  async invalidate(productId: string): Promise<void> {
    await this.cache.del(`gamevault-catalog:product:${productId}`);
    await this.cache.set(LISTING_KEY, randomUUID(), LISTING_KEY_TTL_MS);
  }
}
