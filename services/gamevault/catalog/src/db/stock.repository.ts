import { type Db, sql } from '@coordina/platform';
import type { StockLine } from '../contracts/stock.events';
import type { StockedProduct } from '../domain/stock.rules';

export interface TakenLine {
  productId: string;
  quantity: number;
  stockLeft: number;
}

/** Stock reservations of orders: one row per order, its lines, and the products' stock. */
export class StockRepository {
  /**
   * Claims the order's row (RESERVED until decided otherwise in the same transaction);
   * false when the order has one already (reserved, refused, or released first).
   */
  async claim(q: Db, orderId: string): Promise<boolean> {
    const r = await sql`INSERT INTO stock_reservations (order_id, status) VALUES (${orderId}, 'RESERVED')
      ON CONFLICT DO NOTHING RETURNING order_id`.execute(q);
    return r.rows.length === 1;
  }

  async status(q: Db, orderId: string): Promise<string | undefined> {
    const r = await sql<{ status: string }>`SELECT status FROM stock_reservations
      WHERE order_id = ${orderId}`.execute(q);
    return r.rows[0]?.status;
  }

  /** The products, locked in id order (two orders locking the same products never deadlock). */
  async lockProducts(q: Db, ids: readonly string[]): Promise<StockedProduct[]> {
    const r = await sql<StockedProduct>`SELECT id, price_cents AS "priceCents", stock FROM products
      WHERE id = ANY(${[...ids]}::uuid[]) ORDER BY id FOR UPDATE`.execute(q);
    return r.rows;
  }

  async refuse(q: Db, orderId: string, reason: string): Promise<void> {
    await sql`UPDATE stock_reservations SET status = 'REFUSED', reason = ${reason}, updated_at = now()
      WHERE order_id = ${orderId}`.execute(q);
  }

  /** Takes the lines out of stock (the rows are locked and were checked) and records them. */
  async take(q: Db, orderId: string, lines: readonly StockLine[]): Promise<TakenLine[]> {
    const left: TakenLine[] = [];
    for (const line of lines) {
      // The CHECK (stock >= 0) is the last line against an oversell.
      const r = await sql<{ stock: number }>`UPDATE products SET stock = stock - ${line.quantity}, updated_at = now()
        WHERE id = ${line.productId} RETURNING stock`.execute(q);
      await sql`INSERT INTO stock_reservation_lines (order_id, product_id, quantity)
        VALUES (${orderId}, ${line.productId}, ${line.quantity})`.execute(q);
      left.push({ productId: line.productId, quantity: line.quantity, stockLeft: r.rows[0]?.stock ?? 0 });
    }
    return left;
  }

  /**
   * Releases the order's reservation: RESERVED → RELEASED gives its units back and answers the
   * products it touched; an order never seen gets a RELEASED mark. Idempotent.
   */
  async release(q: Db, orderId: string, reason: string): Promise<string[]> {
    const mark =
      await sql`INSERT INTO stock_reservations (order_id, status, reason) VALUES (${orderId}, 'RELEASED', ${reason})
      ON CONFLICT DO NOTHING RETURNING order_id`.execute(q);
    if (mark.rows.length === 1) return [];
    const released = await sql`UPDATE stock_reservations SET status = 'RELEASED', reason = ${reason}, updated_at = now()
      WHERE order_id = ${orderId} AND status = 'RESERVED' RETURNING order_id`.execute(q);
    if (released.rows.length === 0) return [];
    const lines = await sql<{ productId: string; quantity: number }>`SELECT product_id AS "productId", quantity
      FROM stock_reservation_lines WHERE order_id = ${orderId} ORDER BY product_id`.execute(q);
    await this.lockProducts(
      q,
      lines.rows.map((l) => l.productId),
    );
    for (const l of lines.rows) {
      await sql`UPDATE products SET stock = stock + ${l.quantity}, updated_at = now()
        WHERE id = ${l.productId}`.execute(q);
    }
    return lines.rows.map((l) => l.productId);
  }
}
