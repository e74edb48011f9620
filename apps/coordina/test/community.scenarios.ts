import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually } from '@coordina/platform/testing';
import { PAID_OR_LATER } from './gamevault.shop';
import { itemIds, type Product } from './harness';

/**
 * GameVault's community through the gateway, run unchanged on each topology: a buyer's review
 * after a real checkout (orders' pedido.pagado tells the community who bought what), the
 * moderation worker, the catalog's rating from resena.aprobada, and the moderators' queue.
 */
export function communityScenarios(name: string, start: () => Promise<Product>): void {
  describe(`GameVault community end to end (${name})`, () => {
    let p: Product;
    let seller: string;
    let moderator: string;

    const reviewsOf = (productId: string, query = '') =>
      itemIds(p, `/api/gamevault/products/${productId}/reviews${query}`);
    const review = (token: string, productId: string, rating: number, text: string) =>
      p.fetch(`/api/gamevault/products/${productId}/reviews`, { token, json: { rating, text } });
    /** The review as its author sees it once moderation decided it. */
    const decided = (token: string, id: string) =>
      eventually(
        async () => {
          const r = await p.fetch(`/api/gamevault/reviews/${id}`, { token });
          return r.status === 200 && r.body.status !== 'pending' ? r.body : undefined;
        },
        15_000,
        100,
      );

    /** A new digital game of the demo seller, bought and paid by a new buyer: the product's id and the buyer's token. */
    const bought = async (): Promise<{ productId: string; buyer: string; orderId: string }> => {
      const game = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title: `Reseñable ${randomUUID().slice(0, 8)}`,
          console: 'pc',
          genre: 'rpg',
          condition: 'new',
          format: 'physical',
          priceCents: 4_990,
          stock: 10,
        },
      });
      assert.equal(game.status, 201, game.text);
      const buyer = await p.mint(randomUUID(), ['buyer']);
      const cart = await p.fetch(`/api/gamevault/cart/items/${game.body.id}`, {
        method: 'PUT',
        token: buyer,
        json: { quantity: 1 },
      });
      assert.equal(cart.status, 200, cart.text);
      const order = await p.fetch('/api/gamevault/orders', {
        token: buyer,
        json: { paymentMethod: { provider: 'card', token: 'pm_card_visa' } },
        headers: { 'idempotency-key': randomUUID() },
      });
      assert.equal(order.status, 202, order.text);
      await eventually(
        async () =>
          PAID_OR_LATER.includes(
            (await p.fetch(`/api/gamevault/orders/${order.body.id}`, { token: buyer })).body?.status,
          ),
        30_000,
        150,
      );
      return { productId: game.body.id, buyer, orderId: order.body.id };
    };

    before(async () => {
      p = await start();
      const login = await p.fetch('/api/identity/login', {
        json: { email: DemoUsers.seller.email, password: p.demoPassword },
      });
      assert.equal(login.status, 200, login.text);
      seller = login.body.accessToken;
      moderator = await p.mint(randomUUID(), ['gamevault_admin']);
    });
    after(() => p?.close());

    it("takes a buyer's review pending, approves it, lists it and updates the product's rating in the catalog", async () => {
      const { productId, buyer } = await bought();
      assert.deepEqual(await reviewsOf(productId), [], 'read, and so cached, before the review');
      const text = 'Cien horas y sigo jugando. La mejor compra del año.';
      // The community learns the purchase from pedido.pagado: the buyer may review once it has.
      const created = await eventually(
        async () => {
          const r = await review(buyer, productId, 5, text);
          return r.status === 201 ? r : undefined;
        },
        15_000,
        100,
      );
      assert.equal(created.body.status, 'pending', created.text);
      assert.equal((await decided(buyer, created.body.id)).status, 'approved');
      await eventually(async () => (await reviewsOf(productId)).includes(created.body.id), 5_000, 50);
      const listed = await p.fetch(`/api/gamevault/products/${productId}/reviews`);
      assert.deepEqual(
        listed.body.items.map((r: { text: string; rating: number }) => [r.text, r.rating]),
        [[text, 5]],
      );
      const product = await eventually(
        async () => {
          const r = await p.fetch(`/api/gamevault/products/${productId}`);
          return r.body?.ratingCount === 1 ? r.body : undefined;
        },
        15_000,
        100,
      );
      assert.equal(product.ratingAvg, 5);

      const again = await review(buyer, productId, 1, 'otra');
      assert.equal(again.status, 409, again.text);
      assert.equal(again.body.code, 'REVIEW_EXISTS');
      const voter = await p.mint(randomUUID(), ['buyer']);
      const vote = () => p.fetch(`/api/gamevault/reviews/${created.body.id}/helpful`, { method: 'POST', token: voter });
      assert.equal((await vote()).body.helpfulCount, 1);
      assert.equal((await vote()).status, 409);
    });

    it('refuses a review from someone who did not buy the product, as a problem naming the reason', async () => {
      const { productId } = await bought();
      const stranger = await p.mint(randomUUID(), ['buyer']);
      const r = await review(stranger, productId, 5, 'No lo compré pero opino');
      assert.equal(r.status, 403, r.text);
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(r.body.code, 'NOT_A_BUYER');
      assert.equal((await review('', productId, 5, 'anónimo')).status, 401);
      const long = await review(stranger, productId, 5, 'x'.repeat(10_001));
      assert.equal(long.status, 400, long.text);
      assert.ok(
        long.body.errors.some((e: { field: string }) => e.field === 'body.text'),
        long.text,
      );
    });

    it('sends a review with a blacklisted word to the moderators; a moderator approves it and it is listed', async () => {
      const { productId, buyer } = await bought();
      const created = await eventually(
        async () => {
          const r = await review(buyer, productId, 2, 'El soporte es basura, no responden');
          return r.status === 201 ? r : undefined;
        },
        15_000,
        100,
      );
      assert.equal((await decided(buyer, created.body.id)).status, 'flagged');
      assert.deepEqual(await reviewsOf(productId), [], 'not public while flagged');
      assert.equal((await p.fetch('/api/gamevault/moderation/reviews', { token: buyer })).status, 403);
      const queue = await p.fetch('/api/gamevault/moderation/reviews?pageSize=100', { token: moderator });
      assert.equal(queue.status, 200, queue.text);
      assert.ok(
        queue.body.items.some((r: { id: string }) => r.id === created.body.id),
        queue.text,
      );
      const approved = await p.fetch(`/api/gamevault/moderation/reviews/${created.body.id}/approve`, {
        method: 'POST',
        token: moderator,
      });
      assert.equal(approved.status, 200, approved.text);
      await eventually(async () => (await reviewsOf(productId)).includes(created.body.id), 5_000, 50);
      await eventually(
        async () => (await p.fetch(`/api/gamevault/products/${productId}`)).body?.ratingCount === 1,
        15_000,
        100,
      );
    });

    it('opens a forum thread about a product and takes posts in it', async () => {
      const author = await p.mint(randomUUID(), ['buyer']);
      const productId = randomUUID();
      const thread = await p.fetch('/api/gamevault/forums/threads', {
        token: author,
        json: { title: '¿Corre bien en PC?', body: 'Mi tarjeta es de 2020', productId },
      });
      assert.equal(thread.status, 201, thread.text);
      const post = await p.fetch(`/api/gamevault/forums/threads/${thread.body.id}/posts`, {
        token: seller,
        json: { body: 'Sí, a 60 fps en medio' },
      });
      assert.equal(post.status, 201, post.text);
      assert.deepEqual(await itemIds(p, `/api/gamevault/forums/threads?productId=${productId}`), [thread.body.id]);
      assert.deepEqual(await itemIds(p, `/api/gamevault/forums/threads/${thread.body.id}/posts`), [post.body.id]);
    });

    it("shows an admin's partial refund on the order, and after the full refund the buyer may not review", async () => {
      const { productId, buyer, orderId } = await bought();
      const mine = async () =>
        (await p.fetch(`/api/gamevault/products/${productId}/my-review`, { token: buyer })).body as {
          canReview: boolean;
        };
      await eventually(async () => (await mine()).canReview, 15_000, 100);
      const admin = await p.mint(randomUUID(), ['platform_admin']);
      const order = async () => (await p.fetch(`/api/gamevault/orders/${orderId}`, { token: buyer })).body;
      const refund = (json: unknown) =>
        p
          .fetch(`/api/payments/${paymentId}/refund`, {
            token: admin,
            json,
            headers: { 'idempotency-key': randomUUID() },
          })
          .then((r) => assert.equal(r.status, 202, r.text));
      const paymentId = (await order()).paymentId;
      await refund({ amount: 1_000, reason: 'caja dañada' });
      const partial = await eventually(
        async () => {
          const o = await order();
          return o.refundedCents === 1_000 ? o : undefined;
        },
        15_000,
        100,
      );
      // The order's own steps (its shipment, fulfilled and shipped by logistics) may be written after it.
      const reasons: string[] = partial.history.map((h: { reason: string | null }) => h.reason ?? '');
      assert.ok(
        reasons.some((r) => /^partial refund of S\/ 10\.00/.test(r)),
        `no partial refund in the order's history: ${JSON.stringify(reasons)}`,
      );
      assert.equal((await mine()).canReview, true, 'a partial refund keeps the purchase');

      await refund({ reason: 'devuelto' });
      await eventually(async () => !(await mine()).canReview, 15_000, 100);
      const r = await review(buyer, productId, 1, 'Lo devolví');
      assert.equal(r.status, 403, r.text);
      assert.equal(r.body.code, 'NOT_A_BUYER');
      const o = await eventually(
        async () => {
          const x = await order();
          return x.refundStatus === 'REFUNDED' ? x : undefined;
        },
        15_000,
        100,
      );
      assert.equal(o.refundedCents, o.totals.totalCents);
    });
  });
}
