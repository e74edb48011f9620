import { type Db, sql } from '@coordina/platform';

export interface CartItemRecord {
  productId: string;
  quantity: number;
}

export interface CartRecord {
  items: CartItemRecord[];
  updatedAt: Date | null;
}

/**
 * Carts: one row per user whose `updated_at` is its last change, and its items. A cart older
 * than the TTL reads as empty and is emptied by the next change, so it never comes back.
 */
export class CartsRepository {
  constructor(private readonly ttlHours: number) {}

  #live(): ReturnType<typeof sql> {
    return sql`c.updated_at > now() - make_interval(hours => ${this.ttlHours})`;
  }

  async read(q: Db, userId: string): Promise<CartRecord> {
    const cart = await sql<{ updatedAt: Date }>`SELECT c.updated_at AS "updatedAt" FROM carts c
      WHERE c.user_id = ${userId} AND ${this.#live()}`.execute(q);
    const updatedAt = cart.rows[0]?.updatedAt ?? null;
    if (!updatedAt) return { items: [], updatedAt: null };
    const items = await sql<CartItemRecord>`SELECT product_id AS "productId", quantity FROM cart_items
      WHERE user_id = ${userId} ORDER BY added_at, product_id`.execute(q);
    return { items: items.rows, updatedAt };
  }

  /**
   * Locks the user's cart (creating it), emptying it first when it expired. Every change of
   * a cart starts here, so two changes of one cart queue on its row.
   */
  async lock(q: Db, userId: string): Promise<void> {
    await sql`INSERT INTO carts (user_id) VALUES (${userId}) ON CONFLICT DO NOTHING`.execute(q);
    const r = await sql<{ live: boolean }>`SELECT ${this.#live()} AS live FROM carts c
      WHERE c.user_id = ${userId} FOR UPDATE`.execute(q);
    if (!r.rows[0]?.live) await sql`DELETE FROM cart_items WHERE user_id = ${userId}`.execute(q);
  }

  async lineCount(q: Db, userId: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cart_items WHERE user_id = ${userId}`.execute(q);
    return r.rows[0]?.n ?? 0;
  }

  /** Sets a line's quantity (0 removes it) and marks the cart changed. The cart must be locked. */
  async set(q: Db, userId: string, productId: string, quantity: number): Promise<void> {
    if (quantity === 0)
      await sql`DELETE FROM cart_items WHERE user_id = ${userId} AND product_id = ${productId}`.execute(q);
    else
      await sql`INSERT INTO cart_items (user_id, product_id, quantity) VALUES (${userId}, ${productId}, ${quantity})
        ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`.execute(q);
    await this.touch(q, userId);
  }

  async touch(q: Db, userId: string): Promise<void> {
    await sql`UPDATE carts SET updated_at = now() WHERE user_id = ${userId}`.execute(q);
  }

  /** Empties the cart, answering what it held (checkout takes it into the order). The cart must be locked. */
  async takeAll(q: Db, userId: string): Promise<CartItemRecord[]> {
    const r = await sql<CartItemRecord>`DELETE FROM cart_items WHERE user_id = ${userId}
      RETURNING product_id AS "productId", quantity`.execute(q);
    await this.touch(q, userId);
    return r.rows;
  }

  /** Puts an order's lines back in the cart (a cancelled checkout), keeping what was added since. */
  async restore(q: Db, userId: string, items: readonly CartItemRecord[]): Promise<void> {
    await this.lock(q, userId);
    for (const i of items) {
      await sql`INSERT INTO cart_items (user_id, product_id, quantity) VALUES (${userId}, ${i.productId}, ${i.quantity})
        ON CONFLICT DO NOTHING`.execute(q);
    }
    await this.touch(q, userId);
  }
}
