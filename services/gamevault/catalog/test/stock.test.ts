import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type EventContract, type EventData, sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { StockLiberar, StockReservar } from '../src/contracts';
import { decideReservation } from '../src/domain/stock.rules';
import { CatalogFixture } from './catalog.fixture';

describe('GameVault catalog: the rule of a reservation', () => {
  const p = { id: randomUUID(), priceCents: 100, stock: 2 };
  const line = (quantity: number, unitPriceCents = 100, productId = p.id) => ({ productId, quantity, unitPriceCents });

  it('reserves all lines or none', () => {
    assert.deepEqual(decideReservation([line(2)], [p]), { ok: true });
    assert.deepEqual(decideReservation([line(3)], [p]), { ok: false, reason: 'out_of_stock', productId: p.id });
    assert.deepEqual(decideReservation([line(1, 90)], [p]), { ok: false, reason: 'price_changed', productId: p.id });
    const gone = randomUUID();
    assert.deepEqual(decideReservation([line(1), line(1, 100, gone)], [p]), {
      ok: false,
      reason: 'product_not_found',
      productId: gone,
    });
  });
});

describe('GameVault catalog: stock reservations of the orders saga', () => {
  let f: CatalogFixture;

  before(async () => {
    f = await CatalogFixture.start();
  });
  after(() => f?.close());

  const send = <C extends EventContract>(c: C, data: EventData<C>) =>
    f.ctx.db.transaction((tx) => f.ctx.bus.publish(tx, c, data));
  /** stock.reservar for an order whose saga id is its id: `[productId, quantity, unitPriceCents]` lines. */
  const reserve = (orderId: string, lines: [string, number, number][]) =>
    send(StockReservar, {
      sagaId: orderId,
      orderId,
      items: lines.map(([productId, quantity, unitPriceCents]) => ({ productId, quantity, unitPriceCents })),
    });
  const stock = async (id: string) =>
    (await sql<{ stock: number }>`SELECT stock FROM products WHERE id = ${id}`.execute(f.ctx.db.db)).rows[0]?.stock;
  /** The reply to an order's reservation, once there is one. */
  const reply = (orderId: string) =>
    eventually(async () => {
      const r = await sql<{ topic: string; data: { reason?: string; items?: unknown[] } }>`SELECT topic,
          event->'data' AS data FROM coordina_outbox
        WHERE key = ${orderId} AND topic IN ('stock.reservado', 'reserva-stock.fallida')`.execute(f.ctx.db.db);
      return r.rows[0];
    });
  const product = async (stockUnits: number, priceCents = 5_000): Promise<string> => {
    const r = await f.publish({ stock: stockUnits, priceCents });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };

  it('takes the units out under the row lock, announces the change, and gives them back once', async () => {
    const a = await product(3);
    const b = await product(1, 7_000);
    const orderId = randomUUID();
    await reserve(orderId, [
      [a, 2, 5_000],
      [b, 1, 7_000],
    ]);
    const r = await reply(orderId);
    assert.equal(r.topic, 'stock.reservado');
    assert.deepEqual([await stock(a), await stock(b)], [1, 0]);
    const detail = await f.app.fetch(`/api/gamevault/products/${a}`);
    await eventually(async () => (await f.app.fetch(`/api/gamevault/products/${a}`)).body.stock === 1);
    assert.equal(detail.status, 200);

    await send(StockLiberar, { orderId, reason: 'payment declined' });
    await send(StockLiberar, { orderId, reason: 'payment declined' });
    await eventually(async () => (await stock(a)) === 3 && (await stock(b)) === 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual([await stock(a), await stock(b)], [3, 1], 'a second release gives nothing back');
  });

  it('refuses the whole order when one line cannot be filled', async () => {
    const a = await product(5);
    const b = await product(1);
    const orderId = randomUUID();
    await reserve(orderId, [
      [a, 2, 5_000],
      [b, 2, 5_000],
    ]);
    const r = await reply(orderId);
    assert.deepEqual([r.topic, r.data.reason], ['reserva-stock.fallida', 'out_of_stock']);
    assert.deepEqual([await stock(a), await stock(b)], [5, 1]);

    const repriced = randomUUID();
    await reserve(repriced, [[a, 1, 4_000]]);
    assert.equal((await reply(repriced)).data.reason, 'price_changed');
    assert.equal(await stock(a), 5);
  });

  it('refuses a reservation that arrives after its release', async () => {
    const a = await product(2);
    const orderId = randomUUID();
    await send(StockLiberar, { orderId, reason: 'stock reservation timed out' });
    await eventually(async () => {
      const r = await sql<{ status: string }>`SELECT status FROM stock_reservations
        WHERE order_id = ${orderId}`.execute(f.ctx.db.db);
      return r.rows[0]?.status === 'RELEASED';
    });
    await reserve(orderId, [[a, 1, 5_000]]);
    assert.equal((await reply(orderId)).data.reason, 'already_released');
    assert.equal(await stock(a), 2);
  });
});
