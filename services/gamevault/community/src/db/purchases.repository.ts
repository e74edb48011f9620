import { type Db, sql } from '@coordina/platform';

/** What buyers bought (from pedido.pagado) and who sells each product (from the catalog's events). */
export class PurchasesRepository {
  /** Records that the user bought the product; a second order of it changes nothing. */
  async record(q: Db, userId: string, productId: string, orderId: string, at: Date): Promise<void> {
    await sql`INSERT INTO purchases (user_id, product_id, order_id, bought_at)
      VALUES (${userId}, ${productId}, ${orderId}, ${at}) ON CONFLICT DO NOTHING`.execute(q);
  }

  async bought(q: Db, userId: string, productId: string): Promise<boolean> {
    const r = await sql`SELECT 1 FROM purchases WHERE user_id = ${userId} AND product_id = ${productId}`.execute(q);
    return r.rows.length > 0;
  }

  async recordSeller(q: Db, productId: string, sellerId: string): Promise<void> {
    await sql`INSERT INTO product_sellers (product_id, seller_id) VALUES (${productId}, ${sellerId})
      ON CONFLICT (product_id) DO UPDATE SET seller_id = EXCLUDED.seller_id`.execute(q);
  }

  async sellerOf(q: Db, productId: string): Promise<string | null> {
    const r = await sql<{ sellerId: string }>`SELECT seller_id AS "sellerId" FROM product_sellers
      WHERE product_id = ${productId}`.execute(q);
    return r.rows[0]?.sellerId ?? null;
  }
}
