import { defineRoutes, IdParams, mediaBody } from '@coordina/platform';
import {
  CreateProductBody,
  ProductImage,
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
      'Search products by title or keyword (typo tolerant), filter by console, genre, condition, rarity, availability, price range and seller, with facet counts; sort by relevance, newest, price or rating (cached; invalidated by producto.publicado and producto.actualizado)',
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
  {
    method: 'POST',
    path: '/api/gamevault/products/:id/images',
    auth: sellers,
    upload: true,
    summary:
      'Add a picture to a product (its seller or an admin): multipart/form-data with a `file` part, JPEG, PNG, WebP or GIF read from its bytes (415 otherwise), at most GAMEVAULT_CATALOG_IMAGE_MAX_BYTES (413); stored resized (≤ 1200 px) with a 320 px thumbnail, as WebP without EXIF; at most 10 per product',
    params: IdParams,
    response: ProductImage,
    status: 201,
  },
  {
    method: 'GET',
    path: '/api/gamevault/images/:id',
    auth: 'public',
    summary: "A product's picture (image/webp, at most 1200 px a side)",
    params: IdParams,
    response: mediaBody('image/webp', "A product's picture"),
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/gamevault/images/:id/thumbnail',
    auth: 'public',
    summary: "A product picture's 320 px square thumbnail (image/webp)",
    params: IdParams,
    response: mediaBody('image/webp', "A product picture's thumbnail"),
    status: 200,
  },
]);
