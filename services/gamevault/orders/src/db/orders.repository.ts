import { RefundTracking } from '@coordina/payments/contracts';
import { type Db, type Page, pageOf, sql } from '@coordina/platform';
import { type OrderTrigger, orderTransition } from '../domain/order.state-machine';
import type { NewOrder, OrderHistoryRecord, OrderLineRecord, OrderRecord } from './order.record';

const columns = sql`id, user_id AS "userId", status, status_reason AS "statusReason",
  subtotal_cents AS "subtotalCents", discount_cents AS "discountCents", igv_cents AS "igvCents",
  total_cents AS "totalCents", payment_id AS "paymentId", payment_provider AS "paymentProvider",
  refund_status AS "refundStatus", refunded_cents AS "refundedCents", shipping_address AS "shippingAddress", created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Orders, their lines and their status history. Each change of status is one conditional
 * UPDATE whose guard comes from the order's state machine, and writes its history row.
 */
export class OrdersRepository {
  /** The refund of each order's payment. */
  readonly refunds = new RefundTracking('orders');

  async insert(q: Db, o: NewOrder): Promise<void> {
    const address = o.shippingAddress === null ? null : JSON.stringify(o.shippingAddress);
    await sql`INSERT INTO orders (id, user_id, status, subtotal_cents, discount_cents, igv_cents, total_cents,
        payment_id, payment_provider, idempotency_key, shipping_address)
      VALUES (${o.id}, ${o.userId}, 'PENDING', ${o.totals.subtotalCents}, ${o.totals.discountCents},
        ${o.totals.igvCents}, ${o.totals.totalCents}, ${o.paymentId}, ${o.paymentProvider}, ${o.idempotencyKey},
        ${address}::jsonb)`.execute(q);
    for (const l of o.lines) {
      await sql`INSERT INTO order_lines (order_id, product_id, title, format, unit_price_cents, quantity)
        VALUES (${o.id}, ${l.productId}, ${l.title}, ${l.format}, ${l.unitPriceCents}, ${l.quantity})`.execute(q);
    }
    await this.#history(q, o.id, 'PENDING', null);
  }

  async find(q: Db, id: string): Promise<OrderRecord | undefined> {
    const r = await sql<OrderRecord>`SELECT ${columns} FROM orders WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  /** The order a checkout with this Idempotency-Key already made for this user. */
  async findByKey(q: Db, userId: string, key: string): Promise<OrderRecord | undefined> {
    const r = await sql<OrderRecord>`SELECT ${columns} FROM orders
      WHERE user_id = ${userId} AND idempotency_key = ${key}`.execute(q);
    return r.rows[0];
  }

  async lines(q: Db, id: string): Promise<OrderLineRecord[]> {
    const r = await sql<OrderLineRecord>`SELECT product_id AS "productId", title, format,
        unit_price_cents AS "unitPriceCents", quantity
      FROM order_lines WHERE order_id = ${id} ORDER BY product_id`.execute(q);
    return r.rows;
  }

  async history(q: Db, id: string): Promise<OrderHistoryRecord[]> {
    const r = await sql<OrderHistoryRecord>`SELECT status, reason, at FROM order_history
      WHERE order_id = ${id} ORDER BY seq`.execute(q);
    return r.rows;
  }

  listForUser(
    q: Db,
    userId: string,
    page: number,
    pageSize: number,
  ): Promise<Page<OrderRecord & { itemCount: number }>> {
    const from = sql`FROM orders o WHERE o.user_id = ${userId}`;
    const cols = sql`o.id, o.status, o.total_cents AS "totalCents", o.created_at AS "createdAt",
      o.updated_at AS "updatedAt",
      (SELECT coalesce(sum(l.quantity), 0)::int FROM order_lines l WHERE l.order_id = o.id) AS "itemCount"`;
    return pageOf(q, { columns: cols, from, order: sql`o.created_at DESC, o.id` }, { page, pageSize });
  }

  /** Moves the order by `trigger` if its status allows it; undefined otherwise (idempotent). */
  async move(q: Db, id: string, trigger: OrderTrigger, reason: string | null = null): Promise<OrderRecord | undefined> {
    const { from, to } = orderTransition(trigger);
    const r = await sql<OrderRecord>`UPDATE orders SET status = ${to}, status_reason = ${reason}, updated_at = now()
      WHERE id = ${id} AND status = ANY(${[...from]}::text[]) RETURNING ${columns}`.execute(q);
    const moved = r.rows[0];
    if (moved) await this.#history(q, id, to, reason);
    return moved;
  }

  /**
   * Payments refunded `refundedTotal` of the order's payment so far (never less than before:
   * a late, older total changes nothing); the order's history tells it, unless the order was
   * cancelled (the refund is its saga's compensation: the CANCELLED entry says why). False
   * when no order of GameVault has this payment.
   */
  async refunded(q: Db, paymentId: string, refundedTotal: number | 'all', reason: string): Promise<boolean> {
    const total = refundedTotal === 'all' ? sql`total_cents` : sql`LEAST(${refundedTotal}::int, total_cents)`;
    const r = await sql<{ id: string; status: string }>`UPDATE orders
      SET refunded_cents = GREATEST(refunded_cents, ${total}), updated_at = now()
      WHERE payment_id = ${paymentId} RETURNING id, status`.execute(q);
    const order = r.rows[0];
    if (order && order.status !== 'CANCELLED') await this.#history(q, order.id, order.status, reason);
    return order !== undefined;
  }

  async #history(q: Db, id: string, status: string, reason: string | null): Promise<void> {
    await sql`INSERT INTO order_history (order_id, status, reason) VALUES (${id}, ${status}, ${reason})`.execute(q);
  }
}
