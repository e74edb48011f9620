import { catalogRoutes, type ProductView } from '@coordina/gamevault-catalog/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Reads products from the catalog (`ctx.http`, typed and validated by its route contract;
 * seed 001: catalog reads are synchronous). The catalog caches them and drops its copies on
 * every change, stock included, so carts show current prices and stock.
 */
@Injectable()
export class CatalogClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** The product, or undefined if it does not exist; 503 if the catalog cannot answer. */
  product(id: string): Promise<ProductView | undefined> {
    return this.ctx.http.find(catalogRoutes, 'GET /api/gamevault/products/:id', { params: { id } });
  }

  /** The products that exist among `ids`, by id. */
  async products(ids: readonly string[]): Promise<Map<string, ProductView>> {
    const found = await Promise.all(ids.map((id) => this.product(id)));
    return new Map(found.filter((p): p is ProductView => p !== undefined).map((p) => [p.id, p]));
  }
}
