import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { internalCallerHeaders, sql } from '@coordina/platform';
import { assertProblem, eventually, gate } from '@coordina/platform/testing';
import { OrdersFixture } from './orders.fixture';

describe('GameVault checkout: the order saga through catalog stock and sandbox payments', () => {
  let f: OrdersFixture;

  before(async () => {
    f = await OrdersFixture.start();
  });
  after(() => f?.close());

  it('reserves the stock, charges the total once, marks the order paid and has logistics fulfil it', async () => {
    const b = await f.buyer();
    const a = await f.product(5, 10_000);
    await f.setItem(b, a, 2);
    const res = await f.checkout(b);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.status, 'PENDING');
    assert.equal(await f.settled(res.body.id), 'FULFILLED');
    const order = await f.order(b, res.body.id);
    assert.equal(order.status, 200, order.text);
    assert.deepEqual(
      order.body.history.map((h: { status: string }) => h.status),
      ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED'],
    );
    assert.deepEqual([order.body.totals.totalCents, order.body.keys], [23_600, []]);
    assert.deepEqual([order.body.shipment?.carrier, order.body.shipment?.status], ['sandbox', 'REQUESTED']);
    assert.deepEqual(
      order.body.items.map((l: { productId: string; quantity: number }) => [l.productId, l.quantity]),
      [[a, 2]],
    );
    assert.equal(await f.stock(a), 3);
    assert.deepEqual((await f.cart(b)).body.items, [], 'the cart became the order');
    const payments = await f.payments(res.body.id);
    assert.deepEqual(
      payments.map((p) => [p.id, p.status, p.amount]),
      [[order.body.paymentId, 'AUTHORIZED', 23_600]],
    );
    const list = await f.app.fetch('/api/gamevault/orders', { token: b.token });
    assert.deepEqual(
      list.body.items.map((o: { id: string; status: string; itemCount: number }) => [o.id, o.status, o.itemCount]),
      [[res.body.id, 'FULFILLED', 2]],
    );
    const paid = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'pedido.pagado' AND key = ${res.body.id}`.execute(f.ctx('gamevault-orders').db.db);
    assert.equal(paid.rows[0]?.n, 1);
  });

  it('compensates a declined card in reverse: the stock comes back and the cart too', async () => {
    const b = await f.buyer();
    const a = await f.product(4);
    await f.setItem(b, a, 3);
    const res = await f.checkout(b, 'pm_card_chargeDeclined');
    assert.equal(res.status, 202, res.text);
    assert.equal(await f.settled(res.body.id), 'CANCELLED');
    const order = (await f.order(b, res.body.id)).body;
    assert.equal(order.statusReason, 'payment declined: card_declined');
    assert.deepEqual(
      order.history.map((h: { status: string }) => h.status),
      ['PENDING', 'AWAITING_PAYMENT', 'CANCELLED'],
    );
    await eventually(async () => (await f.stock(a)) === 4);
    assert.deepEqual(
      (await f.cart(b)).body.items.map((l: { productId: string; quantity: number }) => [l.productId, l.quantity]),
      [[a, 3]],
      'the cart is given back',
    );
    const saga = await f.ctx('gamevault-orders').sagas.get(res.body.id);
    assert.equal(saga?.status, 'COMPENSATED');
    assert.deepEqual(
      saga?.log?.filter((l) => l.action === 'compensated' && l.step !== 'end').map((l) => l.step),
      ['ReleaseStock', 'CancelOrder'],
    );
  });

  it('pays with PayPal, Yape and Plin (each confirmed by its own signed webhook) and compensates a refused Yape code', async () => {
    const methods: Record<string, string>[] = [
      { provider: 'paypal', vaultId: 'paypal_vault_ok' },
      { provider: 'yape', phone: '987654321', approvalCode: '123456' },
      { provider: 'plin', phone: '912345678', approvalCode: '654321' },
    ];
    for (const method of methods) {
      const b = await f.buyer();
      const a = await f.product(2, 5_000);
      await f.setItem(b, a, 1);
      const res = await f.checkout(b, method);
      assert.equal(res.status, 202, res.text);
      assert.equal(await f.settled(res.body.id), 'FULFILLED', method['provider']);
      const payments = await f.payments(res.body.id);
      assert.deepEqual(
        payments.map((p) => [p.provider, p.status, p.amount]),
        [[method['provider'], 'AUTHORIZED', 5_900]],
      );
    }
    const b = await f.buyer();
    const a = await f.product(2);
    await f.setItem(b, a, 2);
    const refused = await f.checkout(b, { provider: 'yape', phone: '987654321', approvalCode: '000000' });
    assert.equal(refused.status, 202, refused.text);
    assert.equal(await f.settled(refused.body.id), 'CANCELLED');
    await eventually(async () => (await f.stock(a)) === 2);
  });

  it("delivers a digital product's keys to its buyer, and cancels and refunds an order logistics has no keys for", async () => {
    const b = await f.buyer();
    const game = await f.product(10, 5_000, 'digital');
    await f.keys(game, ['KEY-AAAA-0001', 'KEY-AAAA-0002']);
    await f.setItem(b, game, 2);
    const res = await f.checkout(b);
    assert.equal(await f.settled(res.body.id), 'FULFILLED');
    const order = (await f.order(b, res.body.id)).body;
    assert.deepEqual(
      order.keys.map((k: { productId: string; code: string }) => [k.productId, k.code]),
      [
        [game, 'KEY-AAAA-0001'],
        [game, 'KEY-AAAA-0002'],
      ],
    );
    assert.equal(order.shipment, null);
    const stranger = await f.buyer();
    assert.equal((await f.order(stranger, res.body.id)).status, 403);

    // The pool is empty now: the next order is refused by logistics and the saga compensates.
    const c = await f.buyer();
    await f.setItem(c, game, 1);
    const empty = await f.checkout(c);
    assert.equal(await f.settled(empty.body.id), 'CANCELLED');
    const cancelled = (await f.order(c, empty.body.id)).body;
    assert.equal(cancelled.statusReason, 'fulfilment: out_of_keys');
    assert.deepEqual(
      cancelled.history.map((h: { status: string }) => h.status),
      ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'CANCELLED'],
    );
    const refunded = await eventually(async () => {
      const o = (await f.order(c, empty.body.id)).body;
      return o.refundStatus === 'REFUNDED' ? o : undefined;
    });
    assert.equal(refunded.refundedCents, refunded.totals.totalCents);
    assert.equal(refunded.history.length, 4, "the compensation's refund adds no entry: CANCELLED says why");
    await eventually(async () => (await f.stock(game)) === 8);
    const payments = await f.payments(empty.body.id);
    assert.deepEqual(
      payments.map((p) => p.status),
      ['REFUNDED'],
    );
    const saga = await f.ctx('gamevault-orders').sagas.get(empty.body.id);
    assert.deepEqual(
      saga?.log?.filter((l) => l.action === 'compensated' && l.step !== 'end').map((l) => l.step),
      ['RefundPayment', 'ReleaseStock', 'CancelOrder'],
    );
  });

  it("shows an admin's partial refund on the order (refundedCents and a history entry), then the full one", async () => {
    const b = await f.buyer();
    const a = await f.product(5, 10_000);
    await f.setItem(b, a, 1);
    const res = await f.checkout(b);
    assert.equal(await f.settled(res.body.id), 'FULFILLED');
    const before = (await f.order(b, res.body.id)).body;
    assert.deepEqual([before.refundedCents, before.refundStatus], [0, 'NONE']);
    const admin = await f.buyer(['platform_admin']);
    const refund = (json: unknown, key: string) =>
      f.app.fetch(`/api/payments/${before.paymentId}/refund`, {
        token: admin.token,
        json,
        headers: { 'idempotency-key': key },
      });
    const part = await refund({ amount: 2_000, reason: 'disco rayado' }, randomUUID());
    assert.equal(part.status, 202, part.text);
    const partial = await eventually(async () => {
      const o = (await f.order(b, res.body.id)).body;
      return o.refundedCents > 0 ? o : undefined;
    });
    assert.deepEqual([partial.status, partial.refundedCents, partial.refundStatus], ['FULFILLED', 2_000, 'NONE']);
    const last = partial.history.at(-1);
    assert.deepEqual(
      [last.status, last.reason],
      ['FULFILLED', 'partial refund of S/ 20.00 (S/ 20.00 refunded): disco rayado'],
    );

    const rest = await refund({ reason: 'devuelto' }, randomUUID());
    assert.equal(rest.status, 202, rest.text);
    const full = await eventually(async () => {
      const o = (await f.order(b, res.body.id)).body;
      return o.refundStatus === 'REFUNDED' ? o : undefined;
    });
    assert.equal(full.refundedCents, full.totals.totalCents);
    assert.deepEqual(
      full.history.slice(-2).map((h: { reason: string }) => h.reason),
      ['partial refund of S/ 20.00 (S/ 20.00 refunded): disco rayado', 'refunded in full: devuelto'],
    );
  });

  it("stores the shipping address on the order and hands it to logistics' shipment; refuses a bad one naming the field", async () => {
    const b = await f.buyer();
    const a = await f.product(5, 10_000);
    await f.setItem(b, a, 1);
    const address = {
      recipient: 'Ana Quispe',
      line1: 'Av. Arequipa 1234, dpto. 501',
      district: 'Lince',
      city: 'Lima',
      region: 'Lima',
      phone: '987654321',
      reference: 'Frente al parque',
    };
    assertProblem(await f.checkout(b, 'pm_card_visa', undefined, { ...address, phone: '12345' }), {
      status: 400,
      field: 'body.shippingAddress.phone',
    });
    const res = await f.checkout(b, 'pm_card_visa', undefined, address);
    assert.equal(res.status, 202, res.text);
    assert.equal(await f.settled(res.body.id), 'FULFILLED');
    const order = (await f.order(b, res.body.id)).body;
    assert.deepEqual(order.shippingAddress, address);
    assert.deepEqual(order.shipment?.address, address, "logistics' shipment goes to the same address");

    // A digital-only order ships nothing: no address is kept.
    const game = await f.product(5, 5_000, 'digital');
    await f.keys(game, [`KEY-ADDR-${randomUUID().slice(0, 4).toUpperCase()}`]);
    await f.setItem(b, game, 1);
    const digital = await f.checkout(b, 'pm_card_visa', undefined, address);
    assert.equal(await f.settled(digital.body.id), 'FULFILLED');
    assert.equal((await f.order(b, digital.body.id)).body.shippingAddress, null);
  });

  it('refuses a payment method that does not fit its provider, naming the field', async () => {
    const b = await f.buyer();
    const a = await f.product(2);
    await f.setItem(b, a, 1);
    const res = await f.checkout(b, { provider: 'yape', phone: '12345', approvalCode: '123456' });
    assertProblem(res, { status: 400, field: 'body.paymentMethod.phone' });
  });

  it('cancels an order the catalog cannot fill, and touches no payment', async () => {
    const b = await f.buyer();
    const a = await f.product(3);
    await f.setItem(b, a, 3);
    // Someone else takes the units while the checkout is answered: their change commits after the checkout
    // read the stock (3, committed) and before the saga reserves it. (Changed before the checkout, the
    // checkout itself may see it and answer 409: failed so once on a busy machine.)
    const taking = gate();
    const taken = gate();
    const other = f.ctx('gamevault-catalog').db.transaction(async (tx) => {
      await sql`UPDATE products SET stock = 1 WHERE id = ${a}`.execute(tx);
      taking.resolve();
      await taken.promise;
    });
    await taking.promise;
    const res = await f.checkout(b).finally(() => taken.resolve());
    await other;
    assert.equal(res.status, 202, res.text);
    assert.equal(await f.settled(res.body.id), 'CANCELLED');
    assert.equal((await f.order(b, res.body.id)).body.statusReason, 'stock: out_of_stock');
    assert.equal(await f.stock(a), 1);
    assert.deepEqual(await f.payments(res.body.id), []);
  });

  it('answers a repeated Idempotency-Key with the first order and charges once', async () => {
    const b = await f.buyer();
    const a = await f.product(5);
    await f.setItem(b, a, 1);
    const key = randomUUID();
    const [one, two] = await Promise.all([f.checkout(b, 'pm_card_visa', key), f.checkout(b, 'pm_card_visa', key)]);
    const firsts = [one, two].filter((r) => r.status === 202);
    assert.ok(firsts.length >= 1, `${one.text} ${two.text}`);
    const id = firsts[0]?.body.id;
    await f.settled(id);
    const again = await f.checkout(b, 'pm_card_visa', key);
    assert.equal(again.status, 202, again.text);
    assert.equal(again.body.id, id);
    // Past the gateway's memory (a platform caller skips its store): the order's own key still answers.
    await f.setItem(b, a, 1);
    const direct = await f.app.fetch('/api/gamevault/orders', {
      token: b.token,
      json: { paymentMethod: { provider: 'card', token: 'pm_card_visa' } },
      headers: { 'idempotency-key': key, ...internalCallerHeaders(f.app.config) },
    });
    assert.equal(direct.status, 202, direct.text);
    assert.equal(direct.body.id, id);
    await f.setItem(b, a, 0);
    const orders = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE user_id = ${b.id}`.execute(
      f.ctx('gamevault-orders').db.db,
    );
    assert.equal(orders.rows[0]?.n, 1);
    assert.equal((await f.payments(id)).length, 1);
    assert.equal(await f.stock(a), 4);
  });

  it('refuses an empty cart, an unknown provider and a bad card token', async () => {
    const b = await f.buyer();
    assertProblem(await f.checkout(b), { status: 409, code: 'CART_EMPTY' });
    assertProblem(
      await f.app.fetch('/api/gamevault/orders', {
        token: b.token,
        json: { paymentMethod: { provider: 'bitcoin', token: 'x' } },
      }),
      { status: 400, field: 'body.paymentMethod.provider' },
    );
    assertProblem(await f.checkout(b, 'pm card; drop'), { status: 400, field: 'body.paymentMethod.token' });
    const other = await f.buyer();
    const a = await f.product(5);
    await f.setItem(b, a, 1);
    const res = await f.checkout(b);
    assertProblem(await f.order(other, res.body.id), { status: 403 });
    assertProblem(await f.order(b, randomUUID()), { status: 404 });
    const admin = await f.buyer(['gamevault_admin']);
    assert.equal((await f.order(admin, res.body.id)).status, 200);
  });

  it('rate limits payment requests to 10 a minute per user', async () => {
    const b = await f.buyer();
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) answers.push((await f.checkout(b)).status);
    assert.deepEqual(answers, [...Array(10).fill(409), 429]);
    const other = await f.buyer();
    assert.equal((await f.checkout(other)).status, 409, 'per user: another buyer is not limited');
  });
});
