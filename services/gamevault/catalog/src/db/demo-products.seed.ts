import type { ServiceContext } from '@coordina/platform';
import { ProductoPublicado } from '../contracts/events';
import { demoProducts } from '../demo/demo-products';
import { ProductsRepository } from './products.repository';

/**
 * Creates the demo products once (ON CONFLICT DO NOTHING on fixed ids), each announced by
 * producto.publicado; existing ones stay as they are. Spaced a minute apart, oldest first, so
 * "newest first" has a stable order.
 */
export async function seedDemoProducts(ctx: ServiceContext): Promise<void> {
  const products = new ProductsRepository();
  const start = Date.now() - demoProducts.length * 60_000;
  await ctx.db.transaction(async (tx) => {
    for (const [n, demo] of demoProducts.entries()) {
      const created = await products.insert(tx, demo.id, demo.product, new Date(start + n * 60_000));
      if (created) await ctx.bus.publish(tx, ProductoPublicado, { product: created, at: created.createdAt });
    }
  });
}
