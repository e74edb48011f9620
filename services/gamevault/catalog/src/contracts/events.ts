import { defineEvent } from '@coordina/platform';
import { z } from 'zod';
import { ProductView } from './products.dto';

/** A seller (or an admin) put a new product in the catalog. */
export const ProductoPublicado = defineEvent({
  topic: 'producto.publicado',
  version: 1,
  key: (d) => d.product.id,
  description: 'A product was added to the GameVault catalog; listings of it must be invalidated.',
  schema: z.object({ product: ProductView, at: z.iso.datetime({ offset: true }) }),
});

/** A product's fields (price, stock, title...) changed; the event carries the product as it is now. */
export const ProductoActualizado = defineEvent({
  topic: 'producto.actualizado',
  version: 1,
  key: (d) => d.product.id,
  description: 'A GameVault product changed; caches of it and of the listings must be invalidated.',
  schema: z.object({ product: ProductView, at: z.iso.datetime({ offset: true }) }),
});
