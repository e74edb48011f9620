import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CatalogSettings } from '../catalog.settings';
import type { ProductPage, ProductSearchQuery, ProductView, RelatedProducts } from '../contracts/products.dto';
import { ProductCache } from '../db/product.cache';
import { ProductsRepository } from '../db/products.repository';

const RELATED = 8;

/** Public reads: the search, a product and its related ones, cache-aside. */
@Injectable()
export class ProductsService {
  readonly #products = new ProductsRepository();
  readonly cache: ProductCache;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    settings: CatalogSettings,
  ) {
    this.cache = new ProductCache(ctx.cache, settings.listTtlMs);
  }

  search(query: ProductSearchQuery): Promise<ProductPage> {
    return this.cache.page(query, async () => {
      // A text search sets its typo tolerance for its own transaction.
      const found = await (query.q
        ? this.ctx.db.transaction((tx) => this.#products.search(tx, query))
        : this.#products.search(this.ctx.db.db, query));
      return {
        items: found.items,
        total: found.total,
        page: query.page,
        pageSize: query.pageSize,
        facets: found.facets,
      };
    });
  }

  async detail(id: string): Promise<ProductView> {
    const found = await this.cache.detail(id, () => this.#products.find(this.ctx.db.db, id));
    if (!found) throw new AppError('NOT_FOUND', `product ${id} not found`);
    return found;
  }

  /** Products like this one (cached with the search pages: any product change drops them). */
  async related(id: string): Promise<RelatedProducts> {
    const product = await this.detail(id);
    return this.cache.page({ related: id }, async () => ({
      items: await this.#products.related(this.ctx.db.db, product, RELATED),
    }));
  }
}
