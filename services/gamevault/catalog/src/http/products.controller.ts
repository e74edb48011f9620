import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { catalogRoutes } from '../contracts/catalog.routes';
import type { ProductPage, ProductView, RelatedProducts } from '../contracts/products.dto';
import { ProductWriter } from './product-writer.service';
import { ProductsService } from './products.service';

type In<K extends RouteKey<typeof catalogRoutes>> = InputOf<typeof catalogRoutes, K>;

/** Public reads, seller and admin writes. */
@Controller()
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly writer: ProductWriter,
  ) {}

  @Endpoint(catalogRoutes, 'GET /api/gamevault/products')
  search(@Input() { query }: In<'GET /api/gamevault/products'>): Promise<ProductPage> {
    return this.products.search(query);
  }

  @Endpoint(catalogRoutes, 'GET /api/gamevault/products/:id')
  detail(@Input() { params }: In<'GET /api/gamevault/products/:id'>): Promise<ProductView> {
    return this.products.detail(params.id);
  }

  @Endpoint(catalogRoutes, 'GET /api/gamevault/products/:id/related')
  related(@Input() { params }: In<'GET /api/gamevault/products/:id/related'>): Promise<RelatedProducts> {
    return this.products.related(params.id);
  }

  @Endpoint(catalogRoutes, 'POST /api/gamevault/products')
  create(@Input() { body }: In<'POST /api/gamevault/products'>, @CurrentUser() user: AuthUser): Promise<ProductView> {
    return this.writer.create(user, body);
  }

  @Endpoint(catalogRoutes, 'PATCH /api/gamevault/products/:id')
  update(
    @Input() { params, body }: In<'PATCH /api/gamevault/products/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ProductView> {
    return this.writer.update(user, params.id, body);
  }
}
