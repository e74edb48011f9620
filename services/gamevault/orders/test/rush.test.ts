import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { type Buyer, OrdersFixture } from './orders.fixture';

const BUYERS = 200;
const UNITS = 50;

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T, R>(items: readonly T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

describe('GameVault checkout rush: never sells twice', () => {
  let f: OrdersFixture;

  before(async () => {
    f = await OrdersFixture.start();
  });
  after(() => f?.close());

  it(`sells exactly the last ${UNITS} units to ${BUYERS} buyers checking out at once`, async () => {
    const product = await f.product(UNITS, 4_900);
    const buyers: Buyer[] = await inBatches(Array.from({ length: BUYERS }), 50, () => f.buyer());
    await inBatches(buyers, 25, async (b) => assert.equal((await f.setItem(b, product, 1)).status, 200));

    const answers = await Promise.all(buyers.map((b) => f.checkout(b)));
    const accepted = answers.filter((r) => r.status === 202).map((r) => r.body.id as string);
    const refused = answers.filter((r) => r.status !== 202);
    // A checkout that already sees the stock gone is refused at once; the others race in the saga.
    assert.ok(
      refused.every((r) => r.status === 409 && r.body.code === 'INSUFFICIENT_STOCK'),
      refused.map((r) => r.text).join('\n'),
    );
    assert.ok(accepted.length > UNITS, `${accepted.length} accepted: the race must reach the catalog's row locks`);
    const db = f.ctx('gamevault-orders').db.db;
    await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders
        WHERE status IN ('PENDING', 'AWAITING_PAYMENT', 'PAID')`.execute(db);
      return r.rows[0]?.n === 0;
    }, 120_000);
    const statuses = await sql<{ status: string; reason: string | null; n: number }>`SELECT status,
        status_reason AS reason, count(*)::int AS n
      FROM orders WHERE id = ANY(${accepted}::uuid[]) GROUP BY 1, 2 ORDER BY 1`.execute(db);
    const paid = statuses.rows.find((s) => s.status === 'FULFILLED')?.n ?? 0;
    assert.equal(paid, UNITS, JSON.stringify(statuses.rows));
    assert.ok(
      statuses.rows.every((s) => s.status === 'FULFILLED' || s.reason === 'stock: out_of_stock'),
      JSON.stringify(statuses.rows),
    );
    assert.equal(await f.stock(product), 0);
    const reserved = await sql<{ n: number }>`SELECT coalesce(sum(l.quantity), 0)::int AS n
      FROM stock_reservation_lines l JOIN stock_reservations r USING (order_id)
      WHERE r.status = 'RESERVED' AND l.product_id = ${product}`.execute(f.ctx('gamevault-catalog').db.db);
    assert.equal(reserved.rows[0]?.n, UNITS, 'reservations add up to the units sold');
    const charged = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payments
      WHERE reference LIKE 'gamevault:%' AND status = 'AUTHORIZED'`.execute(f.ctx('payments').db.db);
    assert.equal(charged.rows[0]?.n, UNITS, 'only the orders that got stock were charged');
  });
});
