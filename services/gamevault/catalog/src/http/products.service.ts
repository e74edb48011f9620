import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CatalogSettings } from '../catalog.settings';
import type { ProductPage, ProductSearchQuery, ProductView } from '../contracts/products.dto';
import { ProductCache } from '../db/product.cache';
import { ProductsRepository } from '../db/products.repository';
import { SearchTrendsPublisher } from '../events/search-trends.publisher';

/** Public reads: the list and a product, cache-aside. */
@Injectable()
export class ProductsService {
  readonly #products = new ProductsRepository();
  readonly cache: ProductCache;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    settings: CatalogSettings,
    private readonly trends: SearchTrendsPublisher,
  ) {
    this.cache = new ProductCache(ctx.cache, settings.listTtlMs);
  }

  search(query: ProductSearchQuery): Promise<ProductPage> {
    this.trends.record(query);
    return this.cache.page(query, async () => {
      const { items, total } = await this.#products.search(this.ctx.db.db, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  async detail(id: string): Promise<ProductView> {
    const found = await this.cache.detail(id, () => this.#products.find(this.ctx.db.db, id));
    if (!found) throw new AppError('NOT_FOUND', `product ${id} not found`);
    return found;
  }
}
