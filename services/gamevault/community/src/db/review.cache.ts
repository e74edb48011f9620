import { randomUUID } from 'node:crypto';
import type { Cache, JsonBody } from '@coordina/platform';
import type { ReviewListQuery, ReviewPage } from '../contracts/reviews.dto';

const PAGE_TTL_MS = 60_000;
const VERSION_TTL_MS = 86_400_000;

/**
 * Cache-aside for a product's public reviews. Each product's pages are keyed by a version
 * that any change to them replaces (after its commit), so a page a slow loader writes late
 * lands under a version nobody reads any more; the text is kept as it is sent (decision 0059).
 */
export class ReviewCache {
  constructor(private readonly cache: Cache) {}

  async page(
    productId: string,
    query: ReviewListQuery,
    load: () => Promise<ReviewPage>,
  ): Promise<JsonBody<ReviewPage>> {
    const key = `gamevault-community:reviews:version:${productId}`;
    let version = await this.cache.peek<string>(key);
    if (!version) {
      version = randomUUID();
      await this.cache.set(key, version, VERSION_TTL_MS);
    }
    return this.cache.wrapJson(
      `gamevault-community:reviews:${productId}:${version}:${JSON.stringify(query)}`,
      PAGE_TTL_MS,
      load,
    );
  }

  /**
   * The page `page` would answer, if this process holds it under the product's current
   * version; `undefined` otherwise: nothing is loaded or written.
   */
  async cachedPage(productId: string, query: ReviewListQuery): Promise<JsonBody<ReviewPage> | undefined> {
    const version = await this.cache.peek<string>(`gamevault-community:reviews:version:${productId}`);
    if (!version) return undefined;
    return this.cache.nearJson(`gamevault-community:reviews:${productId}:${version}:${JSON.stringify(query)}`);
  }

  /** Drops every cached page of the product's reviews. */
  async invalidate(productId: string): Promise<void> {
    await this.cache.set(`gamevault-community:reviews:version:${productId}`, randomUUID(), VERSION_TTL_MS);
  }
}
