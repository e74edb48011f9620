import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogService } from '@coordina/gamevault-catalog';
import { sql } from '@coordina/platform';
import { budget, eventually } from '@coordina/platform/testing';
import { ordersService } from '../src';
import { OrdersFixture } from './orders.fixture';

/** No payments service runs here: every charge times out. */
describe('GameVault order saga: a payment that never answers', () => {
  let f: OrdersFixture;

  before(async () => {
    f = await OrdersFixture.start({ GAMEVAULT_ORDERS_PAYMENT_TIMEOUT_MS: String(budget(1_500)) }, [
      catalogService,
      ordersService,
    ]);
  });
  after(() => f?.close());

  it('cancels the order, releases the stock and voids the charge', async () => {
    const b = await f.buyer();
    const a = await f.product(2);
    await f.setItem(b, a, 2);
    const res = await f.checkout(b);
    assert.equal(res.status, 202, res.text);
    await eventually(async () => (await f.stock(a)) === 0);
    assert.equal(await f.settled(res.body.id), 'CANCELLED');
    const order = (await f.order(b, res.body.id)).body;
    assert.deepEqual([order.statusReason, order.refundStatus], ['payment timed out', 'REQUESTED']);
    await eventually(async () => (await f.stock(a)) === 2);
    const db = f.ctx('gamevault-orders').db.db;
    const refund = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'reembolso.solicitar' AND key = ${order.paymentId}`.execute(db);
    assert.equal(refund.rows[0]?.n, 1, 'a charge that lands late is voided');
    const saga = await f.ctx('gamevault-orders').sagas.get(res.body.id);
    assert.deepEqual(
      saga?.log?.filter((l) => l.action === 'compensated' && l.step !== 'end').map((l) => l.step),
      ['RefundPayment', 'ReleaseStock', 'CancelOrder'],
    );
  });
});
