import { ResenaAprobada, ResenaRetirada } from '@coordina/gamevault-community/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext, sql, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProductoActualizado } from '../contracts/events';
import { ProductsRepository } from '../db/products.repository';

/**
 * Keeps each product's average rating and count from the community's approved reviews
 * (seed 001, CR decision 1: events, not calls). One row per counted review in
 * `product_review_ratings`: an approval of a review counted before (an edit approved again)
 * replaces its rating, a withdrawal removes it; the average is then recomputed under the
 * product's row lock, so two reviews of one product never overwrite each other's count.
 * The change is announced on producto.actualizado, which drops the cached reads.
 */
@Injectable()
export class ProductRatingsConsumer implements OnModuleInit {
  readonly #products = new ProductsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-catalog.ratings',
      handlers: [
        on(ResenaAprobada, async (d, _e, tx) => {
          if (!(await this.#lock(tx, d.productId))) return;
          await sql`INSERT INTO product_review_ratings (review_id, product_id, rating)
            VALUES (${d.reviewId}, ${d.productId}, ${d.rating})
            ON CONFLICT (review_id) DO UPDATE SET rating = EXCLUDED.rating`.execute(tx);
          await this.#recount(tx, d.productId);
        }),
        on(ResenaRetirada, async (d, _e, tx) => {
          if (!(await this.#lock(tx, d.productId))) return;
          await sql`DELETE FROM product_review_ratings WHERE review_id = ${d.reviewId}`.execute(tx);
          await this.#recount(tx, d.productId);
        }),
      ],
    });
  }

  /** The product's row lock; false for a product the catalog does not have (nothing to rate). */
  async #lock(tx: Tx, productId: string): Promise<boolean> {
    return (await this.#products.find(tx, productId, true)) !== undefined;
  }

  async #recount(tx: Tx, productId: string): Promise<void> {
    await sql`UPDATE products SET
        rating_avg = COALESCE((SELECT round(avg(rating), 2) FROM product_review_ratings WHERE product_id = ${productId}), 0),
        rating_count = (SELECT count(*) FROM product_review_ratings WHERE product_id = ${productId}),
        updated_at = now()
      WHERE id = ${productId}`.execute(tx);
    const product = await this.#products.find(tx, productId);
    if (product) await this.ctx.bus.publish(tx, ProductoActualizado, { product, at: product.updatedAt });
  }
}
