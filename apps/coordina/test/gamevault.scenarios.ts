import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { demoProducts } from '@coordina/gamevault-catalog/demo';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually } from '@coordina/platform/testing';
import { itemIds, type Product } from './harness';

const OCARINA = demoProducts.find((p) => p.product.title.includes('Ocarina'));
/** An order logistics fulfilled: its physical lines then ship and arrive (the sandbox carrier's webhooks). */
const FULFILLED = ['FULFILLED', 'SHIPPED', 'DELIVERED'];

/** GameVault's catalog, cart and orders through the gateway, run unchanged on each topology. */
export function gamevaultScenarios(name: string, start: () => Promise<Product>): void {
  describe(`GameVault catalog, cart and orders end to end (${name})`, () => {
    let p: Product;
    let seller: string;
    let buyer: string;

    const signIn = async (email: string): Promise<string> => {
      const login = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
      assert.equal(login.status, 200, login.text);
      return login.body.accessToken;
    };
    const ids = (path: string) => itemIds(p, path);

    /** A new physical product of the demo seller; its id. */
    const publish = async (stock: number, priceCents = 10_000): Promise<string> => {
      const r = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title: `Checkout ${randomUUID().slice(0, 8)}`,
          console: 'ps5',
          genre: 'action',
          condition: 'new',
          format: 'physical',
          priceCents,
          stock,
        },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const stockOf = async (id: string): Promise<number> => (await p.fetch(`/api/gamevault/products/${id}`)).body.stock;
    const put = (token: string, productId: string, quantity: number) =>
      p.fetch(`/api/gamevault/cart/items/${productId}`, { method: 'PUT', token, json: { quantity } });
    const checkout = (token: string, card = 'pm_card_visa', key?: string) =>
      p.fetch('/api/gamevault/orders', {
        token,
        json: { paymentMethod: { provider: 'card', token: card } },
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
      });
    /** The order once its saga is done: fulfilled by logistics (or past it: shipped, delivered) or CANCELLED. */
    const settled = (token: string, id: string) =>
      eventually(
        async () => {
          const r = await p.fetch(`/api/gamevault/orders/${id}`, { token });
          return [...FULFILLED, 'CANCELLED'].includes(r.body?.status) ? r.body : undefined;
        },
        30_000,
        150,
      );
    const buyerToken = () => p.mint(randomUUID(), ['buyer']);

    before(async () => {
      p = await start();
      seller = await signIn(DemoUsers.seller.email);
      buyer = await signIn(DemoUsers.buyer.email);
    });
    after(() => p?.close());

    it('signs in the demo buyer and seller with their GameVault roles', async () => {
      for (const [token, demo] of [
        [buyer, DemoUsers.buyer],
        [seller, DemoUsers.seller],
      ] as const) {
        const me = await p.fetch('/api/identity/me', { token });
        assert.equal(me.status, 200, me.text);
        assert.deepEqual([me.body.id, me.body.roles], [demo.id, [...demo.roles]]);
      }
    });

    it('lists and searches the demo catalog by title, console, genre, condition and price', async () => {
      assert.ok(OCARINA);
      const all = await p.fetch('/api/gamevault/products?pageSize=100');
      assert.equal(all.status, 200, all.text);
      assert.ok(all.body.total >= demoProducts.length, all.text);
      assert.deepEqual(await ids('/api/gamevault/products?q=OCARINA&console=retro&condition=used'), [OCARINA.id]);
      const switchAdventures = demoProducts
        .filter((d) => d.product.console === 'switch' && d.product.genre === 'adventure')
        .filter((d) => d.product.priceCents <= 25_000)
        .map((d) => d.id);
      assert.deepEqual(
        (await ids('/api/gamevault/products?console=switch&genre=adventure&maxPrice=25000')).sort(),
        switchAdventures.sort(),
      );
      const page = await p.fetch('/api/gamevault/products?sort=price-desc&page=2&pageSize=5');
      assert.equal(page.status, 200, page.text);
      assert.deepEqual([page.body.page, page.body.pageSize, page.body.items.length], [2, 5, 5]);
      const detail = await p.fetch(`/api/gamevault/products/${OCARINA.id}`);
      assert.equal(detail.status, 200, detail.text);
      assert.deepEqual([detail.body.title, detail.body.rarity], [OCARINA.product.title, 'collector']);
      const bad = await p.fetch('/api/gamevault/products?minPrice=9000&maxPrice=10');
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.ok(
        bad.body.errors.some((e: { field: string }) => e.field === 'query.minPrice'),
        bad.text,
      );
    });

    it("shows a seller's new product and its new price in the cached public list within a second", async () => {
      const title = `Pikmin ${randomUUID().slice(0, 8)}`;
      const search = `/api/gamevault/products?q=${encodeURIComponent(title)}&console=switch`;
      assert.deepEqual(await ids(search), [], 'read, and so cached, before the product exists');
      const created = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title,
          console: 'switch',
          genre: 'strategy',
          condition: 'new',
          format: 'physical',
          priceCents: 18_900,
          stock: 4,
        },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.sellerId, DemoUsers.seller.id);
      // producto.publicado invalidates the cached pages (a deadline, not a speed).
      await eventually(async () => (await ids(search)).length === 1, 1000, 20);

      const cheaper = `${search}&maxPrice=15000`;
      assert.deepEqual(await ids(cheaper), [], 'cached before the change');
      const edit = await p.fetch(`/api/gamevault/products/${created.body.id}`, {
        method: 'PATCH',
        token: seller,
        json: { priceCents: 14_900 },
      });
      assert.equal(edit.status, 200, edit.text);
      await eventually(
        async () =>
          (await ids(cheaper)).length === 1 &&
          (await p.fetch(`/api/gamevault/products/${created.body.id}`)).body.priceCents === 14_900,
        1000,
        20,
      );
    });

    it('refuses writes from a buyer, an anonymous caller and a seller who does not own the product', async () => {
      const body = {
        title: 'Nope',
        console: 'pc',
        genre: 'rpg',
        condition: 'new',
        format: 'digital',
        priceCents: 100,
        stock: 1,
      };
      assert.equal((await p.fetch('/api/gamevault/products', { token: buyer, json: body })).status, 403);
      assert.equal((await p.fetch('/api/gamevault/products', { json: body })).status, 401);
      const other = await p.mint(randomUUID(), ['seller']);
      const edit = await p.fetch(`/api/gamevault/products/${demoProducts[0]?.id}`, {
        method: 'PATCH',
        token: other,
        json: { stock: 0 },
      });
      assert.equal(edit.status, 403, edit.text);
      assert.equal(edit.body.code, 'NOT_PRODUCT_SELLER');
      const invalid = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: { ...body, condition: 'used' },
      });
      assert.equal(invalid.status, 400, invalid.text);
      assert.ok(
        invalid.body.errors.some((e: { field: string }) => e.field === 'body.condition'),
        invalid.text,
      );
    });

    it('browses, fills the cart, checks out once with a repeated Idempotency-Key and follows the order to FULFILLED', async () => {
      const game = await publish(5, 10_000);
      assert.ok((await ids('/api/gamevault/products?console=ps5&pageSize=100')).includes(game));
      assert.equal((await put(buyer, game, 3)).status, 200);
      const cart = await put(buyer, game, 2);
      assert.equal(cart.status, 200, cart.text);
      assert.deepEqual(cart.body.totals, {
        currency: 'PEN',
        subtotalCents: 20_000,
        discountCents: 0,
        igvCents: 3_600,
        totalCents: 23_600,
      });
      const key = randomUUID();
      const first = await checkout(buyer, 'pm_card_visa', key);
      assert.equal(first.status, 202, first.text);
      assert.deepEqual(Object.keys(first.body).sort(), ['id', 'status']);
      const again = await checkout(buyer, 'pm_card_visa', key);
      assert.equal(again.status, 202, again.text);
      assert.equal(again.body.id, first.body.id, 'the repeated key answers the first order');

      const order = await settled(buyer, first.body.id);
      assert.ok(FULFILLED.includes(order.status), JSON.stringify(order));
      assert.deepEqual(
        order.history.slice(0, 4).map((h: { status: string }) => h.status),
        ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED'],
      );
      assert.deepEqual([order.totals.totalCents, order.keys, order.shipment?.carrier], [23_600, [], 'sandbox']);
      const payment = await p.fetch(`/api/payments/${order.paymentId}`, { token: buyer });
      assert.equal(payment.status, 200, payment.text);
      assert.deepEqual([payment.body.status, payment.body.amount], ['AUTHORIZED', 23_600]);
      await eventually(async () => (await stockOf(game)) === 3, 5_000, 100);
      assert.deepEqual((await p.fetch('/api/gamevault/cart', { token: buyer })).body.items, []);
      const mine = await p.fetch('/api/gamevault/orders', { token: buyer });
      assert.equal(mine.status, 200, mine.text);
      const listed = mine.body.items.filter((o: { id: string }) => o.id === first.body.id);
      assert.equal(listed.length, 1, 'listed once: one order, one charge');
      assert.ok(FULFILLED.includes(listed[0].status), JSON.stringify(listed));
    });

    it('compensates a declined payment: the order is cancelled and the stock comes back', async () => {
      const token = await buyerToken();
      const game = await publish(4);
      assert.equal((await put(token, game, 4)).status, 200);
      const res = await checkout(token, 'pm_card_chargeDeclined');
      assert.equal(res.status, 202, res.text);
      const order = await settled(token, res.body.id);
      assert.deepEqual([order.status, order.statusReason], ['CANCELLED', 'payment declined: card_declined']);
      await eventually(async () => (await stockOf(game)) === 4, 5_000, 100);
      const cart = await p.fetch('/api/gamevault/cart', { token });
      assert.deepEqual(
        cart.body.items.map((l: { productId: string; quantity: number }) => [l.productId, l.quantity]),
        [[game, 4]],
      );
    });

    it('sells exactly the stock when more buyers check out at once than there are units', async () => {
      const game = await publish(5, 4_900);
      const tokens = await Promise.all(Array.from({ length: 20 }, () => buyerToken()));
      for (const t of tokens) assert.equal((await put(t, game, 1)).status, 200);
      const answers = await Promise.all(tokens.map((t) => checkout(t)));
      // One at a time: twenty pollers at once would spend this address's per-IP allowance.
      let paid = 0;
      for (const [i, r] of answers.entries()) {
        if (r.status === 202 && FULFILLED.includes((await settled(tokens[i] ?? '', r.body.id)).status)) paid++;
      }
      assert.equal(paid, 5, answers.map((r) => r.status).join(','));
      assert.ok(
        answers.every((r) => r.status === 202 || r.body.code === 'INSUFFICIENT_STOCK'),
        answers.map((r) => r.text).join('\n'),
      );
      await eventually(async () => (await stockOf(game)) === 0, 5_000, 100);
    });

    it('answers 429 after 10 payment requests in a minute', async () => {
      const token = await buyerToken();
      // The distributed limiter counts fixed one-minute windows: keep the eleven in one.
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await checkout(token)).status);
      assert.deepEqual(statuses, [...Array(10).fill(409), 429], 'an empty cart is refused, then the limit');
    });
  });
}
