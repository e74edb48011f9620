import { type Db, sql } from '@coordina/platform';

/**
 * Whether a user holds a purchase of a product that still counts: one of its orders was paid
 * and neither that order was cancelled nor its payment refunded in full. The reviews' INSERT
 * puts this in its WHERE, so the guard and the write are one statement.
 */
export const boughtAndKept = (userId: string, productId: string) => sql`EXISTS (SELECT 1 FROM purchases p
  WHERE p.user_id = ${userId} AND p.product_id = ${productId}
    AND NOT EXISTS (SELECT 1 FROM purchase_revocations v WHERE v.id = p.order_id OR v.id = p.payment_id))`;

/** What buyers bought (from pedido.pagado), what was taken back, and who sells each product (from the catalog's events). */
export class PurchasesRepository {
  /** Records that the user bought the product in this order; the same order again changes nothing. */
  async record(q: Db, userId: string, productId: string, orderId: string, paymentId: string, at: Date): Promise<void> {
    await sql`INSERT INTO purchases (user_id, product_id, order_id, payment_id, bought_at)
      VALUES (${userId}, ${productId}, ${orderId}, ${paymentId}, ${at}) ON CONFLICT DO NOTHING`.execute(q);
  }

  /** The order was cancelled, or the payment refunded in full: its purchases no longer let anyone review. */
  async revoke(q: Db, kind: 'order' | 'payment', id: string, reason: string, at: Date): Promise<void> {
    await sql`INSERT INTO purchase_revocations (id, kind, reason, at)
      VALUES (${id}, ${kind}, ${reason}, ${at}) ON CONFLICT DO NOTHING`.execute(q);
  }

  async bought(q: Db, userId: string, productId: string): Promise<boolean> {
    const r = await sql`SELECT ${boughtAndKept(userId, productId)} AS "bought"`.execute(q);
    return (r.rows[0] as { bought: boolean }).bought;
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
