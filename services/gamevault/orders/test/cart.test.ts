import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem } from '@coordina/platform/testing';
import { OrdersFixture } from './orders.fixture';

describe('GameVault cart: lines priced by the catalog, totals, limits, expiry after 48 h', () => {
  let f: OrdersFixture;

  before(async () => {
    f = await OrdersFixture.start();
  });
  after(() => f?.close());

  it('adds, changes and removes lines, with totals computed on the server', async () => {
    const b = await f.buyer();
    const a = await f.product(5, 10_000);
    const c = await f.product(5, 5_990);
    const empty = await f.cart(b);
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual([empty.body.items, empty.body.totals.totalCents, empty.body.expiresAt], [[], 0, null]);

    assert.equal((await f.setItem(b, a, 1)).status, 200);
    const two = await f.setItem(b, c, 1);
    assert.equal(two.status, 200, two.text);
    const changed = await f.setItem(b, a, 2);
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(
      changed.body.items.map((l: { productId: string; quantity: number; lineTotalCents: number }) => [
        l.productId,
        l.quantity,
        l.lineTotalCents,
      ]),
      [
        [a, 2, 20_000],
        [c, 1, 5_990],
      ],
    );
    assert.deepEqual(changed.body.totals, {
      currency: 'PEN',
      subtotalCents: 25_990,
      discountCents: 0,
      igvCents: 4_678,
      totalCents: 30_668,
    });
    const expires = Date.parse(changed.body.expiresAt) - Date.parse(changed.body.updatedAt);
    assert.equal(expires, 48 * 3_600_000, 'expires 48 h after its last change');

    const removed = await f.setItem(b, a, 0);
    assert.deepEqual(
      removed.body.items.map((l: { productId: string }) => l.productId),
      [c],
    );
    assert.equal(removed.body.totals.totalCents, 7_068);
  });

  it('refuses more units than the stock, unknown products and bad quantities', async () => {
    const b = await f.buyer();
    const a = await f.product(2);
    assertProblem(await f.setItem(b, a, 3), { status: 409, code: 'INSUFFICIENT_STOCK' });
    assertProblem(await f.setItem(b, randomUUID(), 1), { status: 404, code: 'NOT_FOUND' });
    assertProblem(await f.setItem(b, a, -1), { status: 400, field: 'body.quantity' });
    assertProblem(await f.setItem(b, a, 1.5), { status: 400, field: 'body.quantity' });
    assertProblem(await f.setItem(b, a, 11), { status: 400, field: 'body.quantity' });
    assertProblem(
      await f.app.fetch('/api/gamevault/cart/items/nope', { method: 'PUT', token: b.token, json: { quantity: 1 } }),
      { status: 400, field: 'params.productId' },
    );
    assertProblem(await f.app.fetch('/api/gamevault/cart'), { status: 401 });
    assert.equal((await f.setItem(b, a, 0)).status, 200, 'removing what is not there is fine');
  });

  it('forgets a cart 48 h after its last change', async () => {
    const b = await f.buyer();
    const a = await f.product(5);
    const c = await f.product(5);
    assert.equal((await f.setItem(b, a, 1)).status, 200);
    const db = f.ctx('gamevault-orders').db.db;
    await sql`UPDATE carts SET updated_at = now() - interval '47 hours' WHERE user_id = ${b.id}`.execute(db);
    assert.equal((await f.cart(b)).body.items.length, 1, 'still there after 47 h');
    await sql`UPDATE carts SET updated_at = now() - interval '48 hours 1 minute' WHERE user_id = ${b.id}`.execute(db);
    const expired = await f.cart(b);
    assert.deepEqual([expired.body.items, expired.body.updatedAt], [[], null]);
    const fresh = await f.setItem(b, c, 1);
    assert.deepEqual(
      fresh.body.items.map((l: { productId: string }) => l.productId),
      [c],
      'an expired line does not come back with the next change',
    );
  });
});
