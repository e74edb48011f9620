import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem, eventually } from '@coordina/platform/testing';
import { SandboxCarrier } from '../src/carriers/sandbox-carrier';
import { EntregaAnular } from '../src/contracts';
import { FulfilmentConsumer } from '../src/events/fulfilment.consumer';
import { type Caller, LogisticsFixture } from './logistics.fixture';

const keysOf = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

describe('GameVault logistics: key pools, delivered once, shown to the buyer only', () => {
  let f: LogisticsFixture;

  before(async () => {
    f = await LogisticsFixture.start();
  });
  after(() => f?.close());

  /** The keys each order got, from the database (order id → count). */
  const delivered = async (productId: string) => {
    const r = await sql<{ orderId: string; n: number }>`SELECT order_id AS "orderId", count(*)::int AS n
      FROM game_keys WHERE product_id = ${productId} AND order_id IS NOT NULL GROUP BY order_id`.execute(f.ctx.db.db);
    return r.rows;
  };

  it('stores uploaded keys sealed, once each, for the product seller or an admin', async () => {
    const product = await f.product('digital');
    const first = await f.upload(product, ['AAAA-1111', 'BBBB-2222', 'CCCC-3333']);
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(first.body, { productId: product, added: 3, duplicates: 0, available: 3, delivered: 0 });
    const admin = await f.caller(['gamevault_admin']);
    const again = await f.upload(product, ['BBBB-2222', 'DDDD-4444'], admin);
    assert.deepEqual([again.status, again.body.added, again.body.duplicates, again.body.available], [201, 1, 1, 4]);
    const rows = await sql<{ sealed: string; fingerprint: string }>`SELECT code_sealed AS sealed, fingerprint
      FROM game_keys WHERE product_id = ${product}`.execute(f.ctx.db.db);
    assert.equal(rows.rows.length, 4);
    for (const r of rows.rows) {
      assert.match(r.sealed, /^v1\./);
      for (const code of ['AAAA-1111', 'BBBB-2222', 'CCCC-3333', 'DDDD-4444']) {
        assert.ok(!r.sealed.includes(code) && !r.fingerprint.includes(code), 'no key in clear at rest');
      }
    }
    const pool = await f.app.fetch(`/api/gamevault/logistics/products/${product}/keys`, { token: f.seller.token });
    assert.deepEqual(pool.body, { productId: product, available: 4, delivered: 0 });
  });

  it("refuses another seller's product, a physical product, a buyer, and a malformed key (problem+json)", async () => {
    const product = await f.product('digital');
    const other = await f.caller(['seller']);
    assertProblem(await f.upload(product, ['EEEE-5555'], other), { status: 403, code: 'NOT_KEY_POOL_SELLER' });
    assertProblem(await f.upload(await f.product('physical'), ['EEEE-5555']), {
      status: 409,
      code: 'NOT_DIGITAL_PRODUCT',
    });
    assertProblem(await f.upload(product, ['EEEE-5555'], await f.caller(['buyer'])), { status: 403 });
    const bad = await f.upload(product, ['no spaces allowed']);
    assertProblem(bad, { status: 400, code: 'VALIDATION_FAILED' });
    assert.ok(
      bad.body.errors.some((e: { field: string }) => e.field.includes('keys')),
      bad.text,
    );
    assertProblem(await f.upload(randomUUID(), ['EEEE-5555']), { status: 404 });
  });

  it('delivers each key once under concurrent and repeated commands; an order short of keys gets none', async () => {
    const product = await f.product('digital');
    const codes = keysOf('POOL', 20);
    assert.equal((await f.upload(product, codes)).status, 201);
    const buyers = await Promise.all(Array.from({ length: 30 }, () => f.caller()));
    const orders = buyers.map(() => randomUUID());
    // Every command twice (two events: a redelivered command), all at once.
    await Promise.all(
      [...orders, ...orders].map((orderId, i) =>
        f.prepare(orderId, buyers[i % 30] as Caller, [[product, 'digital', 1]]),
      ),
    );
    const outcomes = await Promise.all(orders.map((o) => f.reply(o)));
    await eventually(async () => (await Promise.all(orders.map((o) => f.replies(o)))).every((r) => r.length === 1));
    assert.equal(outcomes.filter((r) => r.topic === 'entrega.preparada').length, 20);
    assert.ok(
      outcomes.filter((r) => r.topic === 'entrega.fallida').every((r) => r.data.reason === 'out_of_keys'),
      JSON.stringify(outcomes),
    );
    const perOrder = await delivered(product);
    assert.equal(perOrder.length, 20);
    assert.ok(perOrder.every((o) => o.n === 1));
    const seen: string[] = [];
    for (const [i, orderId] of orders.entries()) {
      const r = await f.fulfilment(orderId, buyers[i] as Caller);
      assert.equal(r.status, 200, r.text);
      seen.push(...r.body.keys.map((k: { code: string }) => k.code));
    }
    assert.equal(seen.length, 20);
    assert.deepEqual([...new Set(seen)].sort(), [...codes].sort(), 'every key to one buyer, none twice');
  });

  it('hands out distinct keys to deliveries racing in parallel transactions (SKIP LOCKED)', async () => {
    const product = await f.product('digital');
    assert.equal((await f.upload(product, keysOf('RACE', 10))).status, 201);
    const consumer = new FulfilmentConsumer(f.ctx, new SandboxCarrier(f.ctx.queue, 'unused', 100));
    const buyer = await f.caller();
    const orders = Array.from({ length: 16 }, () => randomUUID());
    await Promise.all(
      orders.map((orderId) =>
        f.ctx.db.transaction((tx) =>
          consumer.prepare(tx, {
            sagaId: orderId,
            orderId,
            userId: buyer.id,
            lines: [{ productId: product, format: 'digital', quantity: 1, title: 'Juego' }],
          }),
        ),
      ),
    );
    const perOrder = await delivered(product);
    assert.ok(perOrder.length <= 10 && perOrder.length >= 1, JSON.stringify(perOrder));
    assert.ok(perOrder.every((o) => o.n === 1));
    const taken = await sql<{ n: number; orders: number }>`SELECT count(*)::int AS n,
        count(DISTINCT order_id)::int AS orders FROM game_keys WHERE product_id = ${product} AND order_id IS NOT NULL`.execute(
      f.ctx.db.db,
    );
    assert.equal(taken.rows[0]?.n, taken.rows[0]?.orders, 'no key belongs to two orders');
    const fulfilled = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fulfilments
      WHERE order_id = ANY(${orders}::uuid[]) AND status = 'FULFILLED'`.execute(f.ctx.db.db);
    assert.equal(fulfilled.rows[0]?.n, taken.rows[0]?.n, 'every fulfilled order still holds the key it was given');
  });

  it('shows the keys to the buyer only, and revokes them when the order is annulled', async () => {
    const product = await f.product('digital');
    assert.equal((await f.upload(product, ['SHOW-0001', 'SHOW-0002', 'SHOW-0003'])).status, 201);
    const buyer = await f.caller();
    const orderId = randomUUID();
    await f.prepare(orderId, buyer, [[product, 'digital', 2]]);
    assert.equal((await f.reply(orderId)).data.keysDelivered, 2);
    const mine = await f.fulfilment(orderId, buyer);
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(
      mine.body.keys.map((k: { code: string }) => k.code),
      ['SHOW-0001', 'SHOW-0002'],
    );
    assertProblem(await f.fulfilment(orderId, await f.caller()), { status: 404 });
    const admin = await f.fulfilment(orderId, await f.caller(['gamevault_admin']));
    assert.deepEqual([admin.status, admin.body.keys], [200, []], 'an admin sees the fulfilment, not the keys');

    await f.send(EntregaAnular, { orderId, userId: buyer.id, reason: 'test' });
    await eventually(async () => (await f.fulfilment(orderId, buyer)).body.status === 'ANNULLED');
    assert.deepEqual((await f.fulfilment(orderId, buyer)).body.keys, []);
    const pool = await f.app.fetch(`/api/gamevault/logistics/products/${product}/keys`, { token: f.seller.token });
    assert.deepEqual(pool.body, { productId: product, available: 1, delivered: 2 }, 'revoked keys never go back');
  });

  it('refuses a command that comes after its annulment', async () => {
    const product = await f.product('digital');
    assert.equal((await f.upload(product, ['LATE-0001'])).status, 201);
    const buyer = await f.caller();
    const orderId = randomUUID();
    await f.send(EntregaAnular, { orderId, userId: buyer.id, reason: 'fulfilment timed out' });
    await eventually(async () => (await f.fulfilment(orderId, buyer)).body?.status === 'ANNULLED');
    await f.prepare(orderId, buyer, [[product, 'digital', 1]]);
    assert.deepEqual((await f.reply(orderId)).data.reason, 'already_annulled');
    assert.equal((await delivered(product)).length, 0);
  });
});
