import { defineRoutes, IdParams } from '@coordina/platform';
import { CreateProductBody, ProductPage, ProductSearchQuery, ProductView, UpdateProductBody } from './products.dto';

/** Who may write products: sellers (their own), GameVault admins and platform admins (any). */
const sellers = ['seller', 'gamevault_admin', 'platform_admin'] as const;

export const catalogRoutes = defineRoutes('gamevault-catalog', [
  {
    method: 'GET',
    path: '/api/gamevault/products',
    auth: 'public',
    summary:
      'Search products by title, console, genre, condition and price range, newest first or by price (cached; invalidated by producto.publicado and producto.actualizado)',
    query: ProductSearchQuery,
    response: ProductPage,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/gamevault/products/:id',
    auth: 'public',
    summary: 'A product',
    params: IdParams,
    response: ProductView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/gamevault/products',
    auth: sellers,
    summary: 'Publish a product (a seller sells as themselves; an admin names the seller)',
    body: CreateProductBody,
    response: ProductView,
    status: 201,
  },
  {
    method: 'PATCH',
    path: '/api/gamevault/products/:id',
    auth: sellers,
    summary: "Change a product's title, description, classification, price or stock (its seller or an admin)",
    params: IdParams,
    body: UpdateProductBody,
    response: ProductView,
    status: 200,
  },
]);
