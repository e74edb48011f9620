import { defineRoutes, IdParams } from '@coordina/platform';
import {
  CreateProductBody,
  ProductPage,
  ProductSearchQuery,
  ProductView,
  RelatedProducts,
  UpdateProductBody,
} from './products.dto';

/** Who may write products: sellers (their own), GameVault admins and platform admins (any). */
const sellers = ['seller', 'gamevault_admin', 'platform_admin'] as const;

export const catalogRoutes = defineRoutes('gamevault-catalog', [
  {
    method: 'GET',
    path: '/api/gamevault/products',
    auth: 'public',
    summary:
      'Search products by title or keyword (typo tolerant), filter by console, genre, condition, rarity, availability and price range, with facet counts; sort by relevance, newest, price or rating (cached; invalidated by producto.publicado and producto.actualizado)',
    query: ProductSearchQuery,
    response: ProductPage,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/gamevault/products/:id',
    auth: 'public',
    summary: 'A product, with its pictures',
    params: IdParams,
    response: ProductView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/gamevault/products/:id/related',
    auth: 'public',
    summary: 'Up to 8 products in stock like this one: same console and genre first, then same genre (cached)',
    params: IdParams,
    response: RelatedProducts,
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
