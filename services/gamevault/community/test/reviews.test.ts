import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isPgError, sql } from '@coordina/platform';
import { assertProblem, eventually } from '@coordina/platform/testing';
import { CommunitySettings, DEFAULT_BLACKLIST } from '../src/community.settings';
import { Blacklist } from '../src/domain/moderation.rules';
import { MODERATION_QUEUE, type ModerationJob } from '../src/events/review.events';
import { CommunityFixture, type User } from './community.fixture';

describe('GameVault community: the blacklist', () => {
  const list = new Blacklist(['idiota', 'Basura']);

  it('matches whole words in any case and accent, once each', () => {
    assert.deepEqual(list.matches('Qué IDIÓTA, ¡basura! idiota otra vez'), ['idiota', 'basura']);
    assert.deepEqual(list.decide('Buen juego, lo recomiendo'), { status: 'approved' });
    assert.deepEqual(list.decide('idiotas no'), { status: 'approved' }, 'a longer word is not the word');
    assert.deepEqual(list.decide('eres un idiota'), { status: 'flagged', words: ['idiota'] });
  });

  it('reads the blacklist from GAMEVAULT_COMMUNITY_BLACKLIST, the default when blank, and refuses other characters', () => {
    assert.deepEqual(CommunitySettings.parse({ GAMEVAULT_COMMUNITY_BLACKLIST: ' tonto, , bobo ' }).blacklist, [
      'tonto',
      'bobo',
    ]);
    assert.deepEqual(CommunitySettings.parse({ GAMEVAULT_COMMUNITY_BLACKLIST: ' ' }).blacklist, DEFAULT_BLACKLIST);
    assert.deepEqual(CommunitySettings.parse({}).blacklist, DEFAULT_BLACKLIST);
    assert.throws(() => CommunitySettings.parse({ GAMEVAULT_COMMUNITY_BLACKLIST: 'a;b' }));
  });
});

describe('GameVault community: reviews by buyers, moderation, votes, ownership', () => {
  let f: CommunityFixture;

  before(async () => {
    f = await CommunityFixture.start();
  });
  after(() => f?.close());

  /** A buyer who bought a new product, and the product. */
  const buyerOf = async (productId?: string): Promise<{ buyer: User; productId: string }> => {
    const id = productId ?? (await f.product());
    const buyer = await f.user();
    await f.buy(buyer, id);
    return { buyer, productId: id };
  };

  it('refuses a review from someone who did not buy the product (403 problem)', async () => {
    const productId = await f.product();
    const stranger = await f.user();
    const r = await f.review(stranger, productId, { rating: 5, text: 'Nunca lo compré' });
    assertProblem(r, { status: 403, code: 'NOT_A_BUYER' }, 'a non-buyer');
    assertProblem(await f.review(f.seller, productId, { rating: 5, text: 'Mi propio juego' }), {
      status: 403,
      code: 'NOT_A_BUYER',
    });
  });

  it("saves a buyer's review pending, the worker approves it, it is listed and the catalog's rating counts it", async () => {
    const { buyer, productId } = await buyerOf();
    const listedBefore = await f.listed(productId);
    assert.deepEqual(listedBefore, [], 'read, and so cached, before any review');
    const r = await f.review(buyer, productId, { rating: 4, text: 'Muy buen juego, la historia atrapa.' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'pending');
    assert.equal((await f.settled(buyer, r.body.id)).status, 'approved');
    await eventually(async () => (await f.listed(productId)).includes(r.body.id), 2_000, 25);
    const product = await f.rated(productId, 1);
    assert.equal(product.ratingAvg, 4);

    const second = await buyerOf(productId);
    const r2 = await f.review(second.buyer, productId, { rating: 1, text: 'No me gustó.' });
    assert.equal(r2.status, 201, r2.text);
    assert.equal((await f.rated(productId, 2)).ratingAvg, 2.5);
    const rating = await f.app.fetch(`/api/gamevault/sellers/${f.seller.id}/rating`);
    assert.equal(rating.status, 200, rating.text);
    assert.ok(rating.body.ratingCount >= 2, rating.text);
  });

  it('refuses a new review once the purchase was cancelled or refunded in full; a review written before stays', async () => {
    const productId = await f.product();
    const cancelled = await f.user();
    await f.takeBack(cancelled, await f.buy(cancelled, productId));
    assertProblem(
      await f.review(cancelled, productId, { rating: 5, text: 'Cancelado' }),
      { status: 403, code: 'NOT_A_BUYER' },
      'a cancelled order',
    );

    const refunded = await f.user();
    const paid = await f.buy(refunded, productId);
    const mine = async (u: User) =>
      (await f.app.fetch(`/api/gamevault/products/${productId}/my-review`, { token: u.token })).body;
    assert.deepEqual(await mine(refunded), { canReview: true, review: null });
    // The refund read before the payment (another topic, another order): still no review.
    const early = await f.user();
    const earlyOrder = { orderId: randomUUID(), paymentId: randomUUID() };
    await f.takeBack(early, { paymentId: earlyOrder.paymentId });
    await f.buy(early, productId, earlyOrder.orderId, earlyOrder.paymentId);
    await f.takeBack(refunded, { paymentId: paid.paymentId });
    for (const u of [refunded, early])
      assertProblem(
        await f.review(u, productId, { rating: 1, text: 'Reembolsado' }),
        { status: 403, code: 'NOT_A_BUYER' },
        'a refunded payment',
      );

    assert.deepEqual(await mine(refunded), { canReview: false, review: null });
    // Another order of the same product that was kept lets the buyer review again.
    await f.buy(refunded, productId);
    const again = await f.review(refunded, productId, { rating: 3, text: 'Lo volví a comprar' });
    assert.equal(again.status, 201, again.text);
    const own = await mine(refunded);
    assert.deepEqual([own.canReview, own.review?.id], [false, again.body.id]);
    // Moderation is a queue job of its own: by this read it may have approved the review already.
    assert.ok(['pending', 'approved'].includes(own.review?.status), `status ${own.review?.status}`);

    // A review written before the refund stays (and stays public).
    const kept = await buyerOf(productId);
    const r = await f.review(kept.buyer, productId, { rating: 4, text: 'Buen juego' });
    assert.equal(r.status, 201, r.text);
    assert.equal((await f.settled(kept.buyer, r.body.id)).status, 'approved');
    const { rows } = await sql<{ paymentId: string }>`SELECT payment_id AS "paymentId" FROM purchases
      WHERE user_id = ${kept.buyer.id}`.execute(f.ctx('gamevault-community').db.db);
    await f.takeBack(kept.buyer, { paymentId: rows[0]?.paymentId ?? '' });
    assert.equal((await f.app.fetch(`/api/gamevault/reviews/${r.body.id}`)).status, 200);
  });

  it('takes one review per buyer and product, kept by the unique key', async () => {
    const { buyer, productId } = await buyerOf();
    assert.equal((await f.review(buyer, productId, { rating: 5, text: 'Primera' })).status, 201);
    assertProblem(await f.review(buyer, productId, { rating: 3, text: 'Segunda' }), {
      status: 409,
      code: 'REVIEW_EXISTS',
    });
    const db = f.ctx('gamevault-community').db.db;
    await assert.rejects(
      sql`INSERT INTO reviews (id, product_id, author_id, rating, text, status)
        VALUES (${randomUUID()}, ${productId}, ${buyer.id}, 2, 'otra', 'pending')`.execute(db),
      (err) => isPgError(err, '23505'),
    );
    // The same order's pedido.pagado again (another event) records nothing new; another order a row of its own.
    const { orderId, paymentId } = await f.buy(buyer, productId);
    await f.buy(buyer, productId, orderId, paymentId);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM purchases
      WHERE user_id = ${buyer.id} AND product_id = ${productId}`.execute(db);
    assert.equal(rows.rows[0]?.n, 2, 'the first order and the second');
  });

  it('validates rating and text (at most 10,000 characters), naming the field', async () => {
    const { buyer, productId } = await buyerOf();
    assertProblem(await f.review(buyer, productId, { rating: 6, text: 'x' }), { status: 400, field: 'body.rating' });
    assertProblem(await f.review(buyer, productId, { rating: 3, text: 'x'.repeat(10_001) }), {
      status: 400,
      field: 'body.text',
    });
    const long = await f.review(buyer, productId, { rating: 3, text: 'y'.repeat(10_000) });
    assert.equal(long.status, 201, 'exactly 10,000 characters is allowed');
  });

  it('sends a review with a blacklisted word to the moderators, who approve one and reject another', async () => {
    const { buyer, productId } = await buyerOf();
    const r = await f.review(buyer, productId, { rating: 2, text: 'El vendedor es un IDIOTA' });
    assert.equal(r.status, 201, r.text);
    assert.equal((await f.settled(buyer, r.body.id)).status, 'flagged');
    assert.deepEqual(await f.listed(productId), [], 'not public');
    const stranger = await f.user();
    assertProblem(await f.app.fetch(`/api/gamevault/reviews/${r.body.id}`, { token: stranger.token }), {
      status: 404,
    });

    assert.equal((await f.app.fetch('/api/gamevault/moderation/reviews', { token: buyer.token })).status, 403);
    const queue = await f.app.fetch('/api/gamevault/moderation/reviews?pageSize=100', { token: f.admin.token });
    assert.equal(queue.status, 200, queue.text);
    assert.ok(
      queue.body.items.some((i: { id: string }) => i.id === r.body.id),
      queue.text,
    );
    const approved = await f.app.fetch(`/api/gamevault/moderation/reviews/${r.body.id}/approve`, {
      method: 'POST',
      token: f.admin.token,
    });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'approved');
    await eventually(async () => (await f.listed(productId)).includes(r.body.id), 2_000, 25);
    assert.equal((await f.rated(productId, 1)).ratingAvg, 2);
    assertProblem(
      await f.app.fetch(`/api/gamevault/moderation/reviews/${r.body.id}/approve`, {
        method: 'POST',
        token: f.admin.token,
      }),
      { status: 409, code: 'INVALID_STATE' },
    );

    const other = await buyerOf(productId);
    const bad = await f.review(other.buyer, productId, { rating: 1, text: 'basura total' });
    assert.equal((await f.settled(other.buyer, bad.body.id)).status, 'flagged');
    const rejected = await f.app.fetch(`/api/gamevault/moderation/reviews/${bad.body.id}/reject`, {
      method: 'POST',
      token: f.admin.token,
      json: { reason: 'insultos' },
    });
    assert.equal(rejected.body.status, 'rejected', rejected.text);
    assert.deepEqual(await f.listed(productId), [r.body.id]);
  });

  it('approves a version once however often its job runs, and never a version an edit replaced', async () => {
    const { buyer, productId } = await buyerOf();
    const r = await f.review(buyer, productId, { rating: 4, text: 'Correcto' });
    assert.equal((await f.settled(buyer, r.body.id)).status, 'approved');
    const community = f.ctx('gamevault-community');
    /** Runs the moderation job for a version again (a redelivery), and waits until it ran. */
    const rerun = async (version: number) => {
      const key = `again:${randomUUID()}`;
      await community.queue.send<ModerationJob>(
        MODERATION_QUEUE,
        { reviewId: r.body.id, version },
        { singletonKey: key },
      );
      await eventually(async () => (await community.queue.find(MODERATION_QUEUE, key))?.state === 'completed');
    };
    const approvals = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
          WHERE topic = 'resena.aprobada' AND event->'data'->>'reviewId' = ${r.body.id}`.execute(community.db.db)
      ).rows[0]?.n;
    await rerun(1);
    assert.equal(await approvals(), 1);
    const edit = await f.app.fetch(`/api/gamevault/reviews/${r.body.id}`, {
      method: 'PATCH',
      token: buyer.token,
      json: { text: 'Correcto, pero el vendedor es un idiota' },
    });
    assert.equal(edit.status, 200, edit.text);
    assert.equal((await f.settled(buyer, r.body.id)).status, 'flagged');
    await rerun(1);
    await rerun(2);
    assert.equal((await f.settled(buyer, r.body.id)).status, 'flagged', 'still waiting for a moderator');
    assert.equal(await approvals(), 1);
    await f.rated(productId, 0);
  });

  it('counts a helpful vote once per user, never the author, and sorts by helpfulness', async () => {
    const { buyer, productId } = await buyerOf();
    const second = await buyerOf(productId);
    const a = await f.review(buyer, productId, { rating: 5, text: 'Excelente' });
    const b = await f.review(second.buyer, productId, { rating: 3, text: 'Regular' });
    await f.settled(buyer, a.body.id);
    await f.settled(second.buyer, b.body.id);
    const voter = await f.user();
    const vote = () =>
      f.app.fetch(`/api/gamevault/reviews/${b.body.id}/helpful`, { method: 'POST', token: voter.token });
    const first = await vote();
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.helpfulCount, 1);
    assertProblem(await vote(), { status: 409, code: 'ALREADY_VOTED' });
    assertProblem(
      await f.app.fetch(`/api/gamevault/reviews/${b.body.id}/helpful`, { method: 'POST', token: second.buyer.token }),
      { status: 403, code: 'OWN_REVIEW_VOTE' },
    );
    const votes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM review_votes
      WHERE review_id = ${b.body.id}`.execute(f.ctx('gamevault-community').db.db);
    assert.equal(votes.rows[0]?.n, 1);
    assert.deepEqual(await f.listed(productId, '?sort=helpful'), [b.body.id, a.body.id]);
    assert.deepEqual(await f.listed(productId, '?sort=rating'), [a.body.id, b.body.id]);
    assert.deepEqual(await f.listed(productId, '?rating=3'), [b.body.id]);
    const page = await f.app.fetch(`/api/gamevault/products/${productId}/reviews?page=2&pageSize=1`);
    assert.deepEqual([page.body.total, page.body.page, page.body.items.length], [2, 2, 1]);
  });

  it('lets only the author edit (moderated again, the rating follows) and delete a review', async () => {
    const { buyer, productId } = await buyerOf();
    const r = await f.review(buyer, productId, { rating: 5, text: 'Genial' });
    await f.settled(buyer, r.body.id);
    assert.equal((await f.rated(productId, 1)).ratingAvg, 5);

    const other = await f.user();
    const path = `/api/gamevault/reviews/${r.body.id}`;
    assertProblem(await f.app.fetch(path, { method: 'PATCH', token: other.token, json: { rating: 1 } }), {
      status: 403,
      code: 'NOT_THE_AUTHOR',
    });
    assertProblem(await f.app.fetch(path, { method: 'DELETE', token: other.token }), {
      status: 403,
      code: 'NOT_THE_AUTHOR',
    });
    const edit = await f.app.fetch(path, { method: 'PATCH', token: buyer.token, json: { rating: 3 } });
    assert.equal(edit.status, 200, edit.text);
    assert.equal(edit.body.status, 'pending');
    await eventually(async () => (await f.settled(buyer, r.body.id)).rating === 3);
    await eventually(async () => (await f.rated(productId, 1)).ratingAvg === 3);

    assert.equal((await f.app.fetch(path, { method: 'DELETE', token: buyer.token })).status, 204);
    assert.equal((await f.app.fetch(path, { token: buyer.token })).status, 404);
    await f.rated(productId, 0);
    await eventually(async () => (await f.listed(productId)).length === 0, 2_000, 25);
  });

  it('takes replies, abuse reports once per user, and edits and deletes only by their authors', async () => {
    const { buyer, productId } = await buyerOf();
    const r = await f.review(buyer, productId, { rating: 4, text: 'Bueno' });
    await f.settled(buyer, r.body.id);
    const reply = await f.app.fetch(`/api/gamevault/reviews/${r.body.id}/replies`, {
      token: f.seller.token,
      json: { text: 'Gracias por tu compra' },
    });
    assert.equal(reply.status, 201, reply.text);
    const replies = await f.app.fetch(`/api/gamevault/reviews/${r.body.id}/replies`);
    assert.deepEqual(
      replies.body.items.map((i: { text: string }) => i.text),
      ['Gracias por tu compra'],
    );
    await eventually(async () => {
      const list = await f.app.fetch(`/api/gamevault/products/${productId}/reviews`);
      return list.body.items[0]?.replyCount === 1;
    });
    assertProblem(
      await f.app.fetch(`/api/gamevault/replies/${reply.body.id}`, {
        method: 'PATCH',
        token: buyer.token,
        json: { text: 'cambiado' },
      }),
      { status: 403, code: 'NOT_THE_AUTHOR' },
    );
    const report = () =>
      f.app.fetch('/api/gamevault/reports', {
        token: buyer.token,
        json: { targetType: 'reply', targetId: reply.body.id, reason: 'spam' },
      });
    assert.equal((await report()).status, 201);
    assertProblem(await report(), { status: 409, code: 'ALREADY_REPORTED' });
    assertProblem(
      await f.app.fetch('/api/gamevault/reports', {
        token: buyer.token,
        json: { targetType: 'post', targetId: randomUUID(), reason: 'spam' },
      }),
      { status: 404 },
    );
    const open = await f.app.fetch('/api/gamevault/moderation/reports?pageSize=100', { token: f.admin.token });
    const mine = open.body.items.find((i: { targetId: string }) => i.targetId === reply.body.id);
    assert.ok(mine, open.text);
    const resolved = await f.app.fetch(`/api/gamevault/moderation/reports/${mine.id}/resolve`, {
      method: 'POST',
      token: f.admin.token,
    });
    assert.equal(resolved.body.status, 'resolved', resolved.text);
    assert.equal(
      (await f.app.fetch(`/api/gamevault/replies/${reply.body.id}`, { method: 'DELETE', token: f.seller.token }))
        .status,
      204,
    );
  });
});

describe('GameVault community: forums', () => {
  let f: CommunityFixture;

  before(async () => {
    f = await CommunityFixture.start();
  });
  after(() => f?.close());

  it('opens threads per product and general, pages posts, and lets only authors edit and delete', async () => {
    const author = await f.user();
    const other = await f.user();
    const productId = randomUUID();
    const open = (json: unknown) => f.app.fetch('/api/gamevault/forums/threads', { token: author.token, json });
    const thread = await open({ title: '¿Vale la pena?', body: 'Opiniones', productId });
    assert.equal(thread.status, 201, thread.text);
    const general = await open({ title: 'Presentaciones', body: 'Hola a todos' });
    assert.equal(general.body.productId, null);

    const byProduct = await f.app.fetch(`/api/gamevault/forums/threads?productId=${productId}`);
    assert.deepEqual(
      byProduct.body.items.map((t: { id: string }) => t.id),
      [thread.body.id],
    );
    const generalIds = (await f.app.fetch('/api/gamevault/forums/threads?general=true&pageSize=100')).body.items.map(
      (t: { id: string }) => t.id,
    );
    assert.ok(generalIds.includes(general.body.id) && !generalIds.includes(thread.body.id));

    const posts = `/api/gamevault/forums/threads/${thread.body.id}/posts`;
    for (const body of ['uno', 'dos', 'tres'])
      assert.equal((await f.app.fetch(posts, { token: other.token, json: { body } })).status, 201);
    const page = await f.app.fetch(`${posts}?page=2&pageSize=2`);
    assert.deepEqual([page.body.total, page.body.items.map((p: { body: string }) => p.body)], [3, ['tres']]);
    assert.equal((await f.app.fetch(`/api/gamevault/forums/threads/${thread.body.id}`)).body.postCount, 3);

    const postId = page.body.items[0].id;
    assertProblem(
      await f.app.fetch(`/api/gamevault/forums/posts/${postId}`, {
        method: 'PATCH',
        token: author.token,
        json: { body: 'x' },
      }),
      { status: 403, code: 'NOT_THE_AUTHOR' },
    );
    const edited = await f.app.fetch(`/api/gamevault/forums/posts/${postId}`, {
      method: 'PATCH',
      token: other.token,
      json: { body: 'tres (editado)' },
    });
    assert.equal(edited.body.body, 'tres (editado)', edited.text);
    assert.equal(
      (await f.app.fetch(`/api/gamevault/forums/posts/${postId}`, { method: 'DELETE', token: other.token })).status,
      204,
    );
    assertProblem(
      await f.app.fetch(`/api/gamevault/forums/threads/${thread.body.id}`, { method: 'DELETE', token: other.token }),
      { status: 403, code: 'NOT_THE_AUTHOR' },
    );
    const renamed = await f.app.fetch(`/api/gamevault/forums/threads/${thread.body.id}`, {
      method: 'PATCH',
      token: author.token,
      json: { title: '¿Vale la pena en 2026?' },
    });
    assert.deepEqual([renamed.body.title, renamed.body.postCount], ['¿Vale la pena en 2026?', 2]);
    assert.equal(
      (await f.app.fetch(`/api/gamevault/forums/threads/${thread.body.id}`, { method: 'DELETE', token: author.token }))
        .status,
      204,
    );
    assertProblem(await f.app.fetch(posts), { status: 404 });
  });
});
