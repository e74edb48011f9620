import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { demoProducts } from '@coordina/gamevault-catalog/demo';
import { demoDigitalProductIds, demoKeyCodes } from '@coordina/gamevault-logistics/demo';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually } from '@coordina/platform/testing';
import type { Product } from './harness';

type Order = {
  id: string;
  status: string;
  statusReason: string | null;
  history: { status: string }[];
  keys: { productId: string; code: string }[];
  shipment: { status: string; trackingCode: string; history: { status: string }[] } | null;
  refundStatus: string;
  paymentId: string;
};

/** GameVault's logistics through the gateway, run unchanged on each topology: keys, shipments, compensation. */
export function logisticsScenarios(name: string, start: () => Promise<Product>): void {
  describe(`GameVault logistics end to end (${name})`, () => {
    let p: Product;
    let seller: string;

    const buyerToken = () => p.mint(randomUUID(), ['buyer']);
    const put = (token: string, productId: string, quantity: number) =>
      p.fetch(`/api/gamevault/cart/items/${productId}`, { method: 'PUT', token, json: { quantity } });
    const order = async (token: string, id: string) => (await p.fetch(`/api/gamevault/orders/${id}`, { token })).body;
    /** Buys one unit of a product with a card; the order once its saga is done (fulfilled or cancelled). */
    const buy = async (token: string, productId: string): Promise<Order> => {
      assert.equal((await put(token, productId, 1)).status, 200);
      const res = await p.fetch('/api/gamevault/orders', {
        token,
        json: { paymentMethod: { provider: 'card', token: 'pm_card_visa' } },
      });
      assert.equal(res.status, 202, res.text);
      return eventually(
        async () => {
          const o: Order = await order(token, res.body.id);
          return ['FULFILLED', 'SHIPPED', 'DELIVERED', 'CANCELLED'].includes(o?.status) ? o : undefined;
        },
        30_000,
        150,
      );
    };
    const publish = async (format: 'digital' | 'physical', stock: number): Promise<string> => {
      const r = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title: `Logistica ${randomUUID().slice(0, 8)}`,
          console: 'pc',
          genre: 'rpg',
          condition: 'new',
          format,
          priceCents: 4_900,
          stock,
        },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };

    before(async () => {
      p = await start();
      const login = await p.fetch('/api/identity/login', {
        json: { email: DemoUsers.seller.email, password: p.demoPassword },
      });
      assert.equal(login.status, 200, login.text);
      seller = login.body.accessToken;
    });
    after(() => p?.close());

    it('delivers a demo digital game: its key is visible to the buyer only', async () => {
      const game = demoDigitalProductIds[0];
      assert.ok(game && demoProducts.some((d) => d.id === game));
      const pool = await p.fetch(`/api/gamevault/logistics/products/${game}/keys`, { token: seller });
      assert.equal(pool.status, 200, pool.text);
      assert.ok(pool.body.available > 0, pool.text);
      const buyer = await buyerToken();
      const o = await buy(buyer, game);
      assert.equal(o.status, 'FULFILLED', JSON.stringify(o));
      assert.deepEqual(
        o.history.map((h) => h.status),
        ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED'],
      );
      assert.equal(o.keys.length, 1);
      assert.equal(o.keys[0]?.productId, game);
      assert.ok(demoKeyCodes(game).includes(o.keys[0]?.code ?? ''), 'one of the demo keys, opened');
      assert.equal(o.shipment, null);
      const stranger = await buyerToken();
      const theirs = await p.fetch(`/api/gamevault/orders/${o.id}`, { token: stranger });
      assert.equal(theirs.status, 403, theirs.text);
      assert.match(theirs.headers.get('content-type') ?? '', /application\/problem\+json/);
      const direct = await p.fetch(`/api/gamevault/logistics/orders/${o.id}`, { token: stranger });
      assert.equal(direct.status, 404, direct.text);
      assert.equal((await p.fetch(`/api/gamevault/logistics/orders/${o.id}`)).status, 401);
      const after = await p.fetch(`/api/gamevault/logistics/products/${game}/keys`, { token: seller });
      assert.equal(after.body.delivered, pool.body.delivered + 1);
    });

    it('ships a physical game: label, in transit and delivered come by signed sandbox carrier webhooks', async () => {
      const game = await publish('physical', 3);
      const buyer = await buyerToken();
      const first = await buy(buyer, game);
      assert.notEqual(first.status, 'CANCELLED', JSON.stringify(first));
      assert.deepEqual(first.keys, []);
      const delivered: Order = await eventually(
        async () => {
          const o: Order = await order(buyer, first.id);
          return o.status === 'DELIVERED' ? o : undefined;
        },
        30_000,
        200,
      );
      assert.deepEqual(
        delivered.history.map((h) => h.status),
        ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED', 'SHIPPED', 'DELIVERED'],
      );
      assert.equal(delivered.shipment?.status, 'DELIVERED');
      assert.match(delivered.shipment?.trackingCode ?? '', /^SBX/);
      assert.deepEqual(
        delivered.shipment?.history.map((h) => h.status),
        ['REQUESTED', 'LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED'],
      );
      // A forged webhook is refused before anything is read.
      const forged = await p.fetch('/api/gamevault/logistics/webhooks/carrier', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-carrier-signature': `t=${Math.floor(Date.now() / 1000)},v1=00`,
        },
        body: JSON.stringify({
          id: 'evt_forged',
          type: 'shipment.delivered',
          created: 1,
          data: { trackingCode: delivered.shipment?.trackingCode },
        }),
      });
      assert.equal(forged.status, 400, forged.text);
      assert.match(forged.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(forged.body.code, 'INVALID_CARRIER_SIGNATURE');
    });

    it('cancels and refunds an order of a digital game out of keys, and gives its unit back', async () => {
      const game = await publish('digital', 5);
      const up = await p.fetch(`/api/gamevault/logistics/products/${game}/keys`, {
        token: seller,
        json: { keys: [`ONLY-${randomUUID().slice(0, 8)}`] },
      });
      assert.equal(up.status, 201, up.text);
      const lucky = await buyerToken();
      assert.equal((await buy(lucky, game)).status, 'FULFILLED');
      const late = await buyerToken();
      const o = await buy(late, game);
      assert.deepEqual([o.status, o.statusReason], ['CANCELLED', 'fulfilment: out_of_keys']);
      assert.deepEqual(o.keys, []);
      const refunded = await eventually(
        async () => {
          const r = await p.fetch(`/api/payments/${o.paymentId}`, { token: late });
          return r.body?.status === 'REFUNDED' ? r.body : undefined;
        },
        30_000,
        200,
      );
      assert.equal(refunded.status, 'REFUNDED');
      await eventually(async () => (await order(late, o.id)).refundStatus === 'REFUNDED', 30_000, 200);
      await eventually(async () => (await p.fetch(`/api/gamevault/products/${game}`)).body.stock === 4, 10_000, 150);
      const cart = await p.fetch('/api/gamevault/cart', { token: late });
      assert.deepEqual(
        cart.body.items.map((l: { productId: string }) => l.productId),
        [game],
        'the cart is given back',
      );
    });
  });
}
