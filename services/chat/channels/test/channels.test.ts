import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem, eventually } from '@coordina/platform/testing';
import { ChannelsFixture } from './channels.fixture';

interface Notified {
  postId: string;
  userIds: string[];
  batch: number;
}

describe('Chat channels: posts, subscriptions, fan-out, feed', () => {
  let f: ChannelsFixture;

  before(async () => {
    f = await ChannelsFixture.start();
  });
  after(() => f?.close());

  it('notifies every subscriber but the muted and the unsubscribed once, in batches, and feeds the post', async () => {
    const [owner, ...subs] = await f.users(7);
    const id = await f.channel(owner);
    for (const s of subs) assert.equal((await f.subscribe(s, id)).status, 200);
    const [muted, gone] = subs as [typeof owner, typeof owner];
    const mute = await f.subscribe(muted, id, { muted: true });
    assert.equal(mute.status, 200, mute.text);
    assert.equal(mute.body.muted, true);
    assert.equal((await f.unsubscribe(gone, id)).status, 204);
    assert.equal((await f.unsubscribe(gone, id)).status, 204, 'unsubscribing again changes nothing');

    const posted = await f.post(owner, id, 'Primera publicación');
    assert.equal(posted.status, 201, posted.text);
    const expected = subs
      .slice(2)
      .map((s) => s.id)
      .sort();
    const batches = await eventually(
      async () => {
        const all = await f.events<Notified>('publicacion.notificada', id);
        const told = all.filter((n) => n.postId === posted.body.id);
        return told.flatMap((n) => n.userIds).length >= expected.length ? told : undefined;
      },
      30_000,
      100,
    );
    assert.deepEqual(batches.flatMap((b) => b.userIds).sort(), expected, 'each subscriber told once, muted ones not');
    assert.ok(batches.length >= 2, 'the fan-out ran in batches');
    assert.equal((await f.events('publicacion.creada', id)).length, 1);

    const feed = await f.get(subs[2] as typeof owner, '/api/chat/feed');
    assert.equal(feed.status, 200, feed.text);
    assert.deepEqual(
      feed.body.items.map((p: { id: string }) => p.id),
      [posted.body.id],
    );
    const goneFeed = await f.get(gone, '/api/chat/feed');
    assert.deepEqual(goneFeed.body.items, [], 'an unsubscribed user has no feed');
    const detail = await f.get(owner, `/api/chat/channels/${id}`);
    assert.equal(detail.body.subscribers, 5, detail.text);
  });

  it('lets the owner alone post, and answers an unknown channel with a 404 problem', async () => {
    const [owner, other] = await f.users(2);
    const id = await f.channel(owner);
    assertProblem(await f.post(other, id, 'no soy dueño'), { status: 403, code: 'NOT_CHANNEL_OWNER' });
    assertProblem(await f.post(owner, '00000000-0000-4000-8000-000000000000', 'x'), { status: 404, code: 'NOT_FOUND' });
    assertProblem(await f.subscribe(owner, id), { status: 409, code: 'CHANNEL_OWNER_SUBSCRIPTION' });
  });

  it('pages posts newest first', async () => {
    const [owner, reader] = await f.users(2);
    const id = await f.channel(owner);
    for (const text of ['uno', 'dos', 'tres']) assert.equal((await f.post(owner, id, text)).status, 201);
    const first = await f.get(reader, `/api/chat/channels/${id}/posts?limit=2`);
    assert.deepEqual(
      first.body.items.map((p: { text: string }) => p.text),
      ['tres', 'dos'],
    );
    assert.equal(first.body.hasMore, true);
    const before = encodeURIComponent(first.body.items[1].createdAt);
    const rest = await f.get(reader, `/api/chat/channels/${id}/posts?limit=2&before=${before}`);
    assert.deepEqual(
      rest.body.items.map((p: { text: string }) => p.text),
      ['uno'],
    );
    assert.equal(rest.body.hasMore, false);
  });

  it('digests unseen notifications by email event, not those the subscriber marked seen', async () => {
    const [owner, reader, seer] = await f.users(3);
    const id = await f.channel(owner);
    for (const s of [reader, seer]) assert.equal((await f.subscribe(s, id)).status, 200);
    const posted = await f.post(owner, id, 'Resumen semanal');
    assert.equal(posted.status, 201, posted.text);
    await eventually(async () => {
      const told = await f.events<Notified>('publicacion.notificada', id);
      return told.flatMap((n) => n.userIds).length === 2 || undefined;
    });
    const seen = await f.app.fetch('/api/chat/feed/seen', {
      token: seer.token,
      json: { upTo: new Date().toISOString() },
    });
    assert.equal(seen.status, 204, seen.text);
    const digest = await eventually(
      async () => (await f.events<{ posts: { postId: string }[] }>('resumen-canales.preparado', reader.id))[0],
      30_000,
      100,
    );
    assert.deepEqual(
      digest.posts.map((p) => p.postId),
      [posted.body.id],
    );
    assert.equal((await f.events('resumen-canales.preparado', seer.id)).length, 0, 'the seen post is not emailed');
  });
});

describe('Chat channels: paid channels', () => {
  let f: ChannelsFixture;

  before(async () => {
    f = await ChannelsFixture.start();
  });
  after(() => f?.close());

  it('refuses a non-payer with a 402, admits them once the provider confirms the charge, and notifies payers only', async () => {
    const [owner, payer, stranger] = await f.users(3);
    const id = await f.channel(owner, 1_990);
    assert.equal((await f.post(owner, id, 'solo para suscriptores')).status, 201);
    assertProblem(await f.get(stranger, `/api/chat/channels/${id}/posts`), {
      status: 402,
      code: 'CHANNEL_SUBSCRIPTION_REQUIRED',
    });
    assertProblem(await f.subscribe(payer, id), { status: 400, field: 'paymentMethod' });
    const pending = await f.subscribe(payer, id, { paymentMethod: 'pm_card_visa' });
    assert.equal(pending.status, 200, pending.text);
    assert.ok(['pending_payment', 'active'].includes(pending.body.status), pending.text);
    const active = await f.subscriptionWhen(payer, id, (s) => s.status === 'active');
    assert.equal(active.hasAccess, true);
    const page = await f.get(payer, `/api/chat/channels/${id}/posts`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.items.length, 1);
    assert.equal((await f.get(owner, `/api/chat/channels/${id}/posts`)).status, 200, 'the owner reads');

    const posted = await f.post(owner, id, 'nueva para pagantes');
    const told = await eventually(async () => {
      const all = await f.events<Notified>('publicacion.notificada', id);
      return all.find((n) => n.postId === posted.body.id);
    });
    assert.deepEqual(told.userIds, [payer.id], 'the stranger is not told');
    assert.equal((await f.get(stranger, '/api/chat/feed')).body.items.length, 0);
  });

  it('charges one first month for concurrent subscribe requests of one user', async () => {
    const [owner, eager] = await f.users(2);
    const id = await f.channel(owner, 2_500);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => f.subscribe(eager, id, { paymentMethod: 'pm_card_visa' })),
    );
    for (const r of answers) assert.equal(r.status, 200, r.text);
    await f.subscriptionWhen(eager, id, (s) => s.status === 'active');
    const charges = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'pago.solicitar' AND event->'data'->>'userId' = ${eager.id}`.execute(f.ctx.db.db);
    assert.equal(charges.rows[0]?.n, 1, 'one charge');
    assert.equal((await f.events('suscripcion.renovada', id)).length, 1);
  });

  it('keeps a declined subscriber out', async () => {
    const [owner, declined] = await f.users(2);
    const id = await f.channel(owner, 990);
    assert.equal((await f.subscribe(declined, id, { paymentMethod: 'pm_card_chargeDeclined' })).status, 200);
    await f.subscriptionWhen(declined, id, (s) => s.status === 'payment_failed');
    assertProblem(await f.get(declined, `/api/chat/channels/${id}/posts`), {
      status: 402,
      code: 'CHANNEL_SUBSCRIPTION_REQUIRED',
    });
  });

  it('renews a period before it ends, and a cancelled one keeps access until its end, then loses it', async () => {
    const [owner, renewer, leaver] = await f.users(3);
    const id = await f.channel(owner, 1_500);
    for (const u of [renewer, leaver])
      assert.equal((await f.subscribe(u, id, { paymentMethod: 'pm_card_visa' })).status, 200);
    const first = await f.subscriptionWhen(renewer, id, (s) => s.status === 'active');
    await f.subscriptionWhen(leaver, id, (s) => s.status === 'active');
    assert.equal((await f.unsubscribe(leaver, id)).status, 204);
    const cancelled = await f.subscriptionWhen(leaver, id, (s) => s.cancelledAt !== null);
    assert.equal(cancelled.hasAccess, true, 'access lasts until the period ends');
    assert.equal((await f.get(leaver, `/api/chat/channels/${id}/posts`)).status, 200);

    const renewed = await f.subscriptionWhen(
      renewer,
      id,
      (s) => s.status === 'active' && Date.parse(String(s.paidUntil)) > Date.parse(String(first.paidUntil)),
    );
    assert.ok(renewed.hasAccess);
    const periods = await f.events<{ userId: string }>('suscripcion.renovada', id);
    assert.ok(periods.filter((p) => p.userId === renewer.id).length >= 2, 'charged again for the next period');

    await f.subscriptionWhen(leaver, id, (s) => s.hasAccess === false);
    assertProblem(await f.get(leaver, `/api/chat/channels/${id}/posts`), {
      status: 402,
      code: 'CHANNEL_SUBSCRIPTION_REQUIRED',
    });
    assert.equal(
      (await f.events<{ userId: string }>('suscripcion.renovada', id)).filter((p) => p.userId === leaver.id).length,
      1,
      'a cancelled subscription is not renewed',
    );
  });
});
