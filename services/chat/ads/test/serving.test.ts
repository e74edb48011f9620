import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SuscripcionCreada, SuscripcionEliminada } from '@coordina/chat-channels/contracts';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { AdsFixture } from './ads.fixture';

describe('Chat ads: caps, budgets and exactly-once impressions and clicks under concurrency', () => {
  let f: AdsFixture;
  const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();

  before(async () => {
    f = await AdsFixture.start();
  });
  after(() => f?.close());

  it('holds the daily frequency cap for 20 concurrent requests of one user: 3 ads, then 204', async () => {
    const placement = f.placement();
    const c = await f.campaign(await f.advertiser(), placement, { frequencyCap: 3 });
    const [ana, beto] = await f.users(2);
    const answers = await Promise.all(Array.from({ length: 20 }, () => f.next(ana, placement)));
    assert.deepEqual(statuses(answers), [...Array(3).fill(200), ...Array(17).fill(204)]);
    for (const r of answers.filter((a) => a.status === 200)) assert.equal(r.body.id, c.id);
    assert.equal(new Set(answers.filter((a) => a.status === 200).map((a) => a.body.token)).size, 3);
    assert.equal((await f.next(ana, placement)).status, 204, 'still capped after the rush');
    assert.equal((await f.next(beto, placement)).status, 200, 'the cap is per user');
    assert.equal(
      await f.count(
        sql`SELECT count(*)::int AS n FROM impressions WHERE campaign_id = ${c.id} AND user_id = ${ana.id}`,
      ),
      3,
    );
    assert.equal(await f.events('impresion.registrada', c.id), 4);
    const view = await f.get(await f.advertiser(), `/api/chat/ads/campaigns/${c.id}`);
    assert.equal(view.status, 404, 'another advertiser does not see it');
  });

  it('never overspends an impression-priced budget under concurrent serves, then stops showing it', async () => {
    const placement = f.placement();
    const owner = await f.advertiser();
    const c = await f.campaign(owner, placement, { budgetCents: 100, priceCents: 30, frequencyCap: 10 });
    const users = await f.users(12);
    const answers = await Promise.all(users.map((u) => f.next(u, placement)));
    assert.deepEqual(statuses(answers), [...Array(3).fill(200), ...Array(9).fill(204)]);
    const after = await f.get(owner, `/api/chat/ads/campaigns/${c.id}`);
    assert.deepEqual([after.body.spentCents, after.body.exhausted], [90, true]);
    assert.equal(
      await f.count(sql`SELECT coalesce(sum(cost_cents), 0)::int AS n FROM impressions WHERE campaign_id = ${c.id}`),
      90,
    );
    const listed = await f.get(owner, '/api/chat/ads/campaigns');
    assert.deepEqual(
      listed.body.items.map((x: { id: string }) => x.id),
      [c.id],
      'an advertiser lists their own campaigns only',
    );
  });

  it('charges a click-priced campaign per first click only, never past its budget', async () => {
    const placement = f.placement();
    const owner = await f.advertiser();
    const c = await f.campaign(owner, placement, {
      pricing: 'click',
      budgetCents: 50,
      priceCents: 20,
      frequencyCap: 5,
    });
    const users = await f.users(4);
    const served = await Promise.all(users.map((u) => f.next(u, placement)));
    for (const r of served) assert.equal(r.status, 200, 'a click-priced ad is shown while a click could be paid');
    // Each user clicks 5 times at once: one click each is recorded; only two can be paid (2 × 20 ≤ 50).
    const clicks = await Promise.all(
      users.flatMap((u, i) => Array.from({ length: 5 }, () => f.click(u, c.id, served[i]?.body.token))),
    );
    for (const r of clicks) assert.equal(r.status, 200, r.text);
    assert.equal(clicks.filter((r) => r.body.recorded).length, 4, 'one click per impression');
    assert.equal(clicks[0]?.body.targetUrl, 'https://example.test/landing');
    const view = await f.get(owner, `/api/chat/ads/campaigns/${c.id}`);
    assert.deepEqual([view.body.spentCents, view.body.exhausted], [40, true]);
    assert.equal(await f.count(sql`SELECT count(*)::int AS n FROM clicks WHERE campaign_id = ${c.id}`), 4);
    assert.equal(await f.events('clic.registrado', c.id), 4);
    assert.equal((await f.next(await f.user(), placement)).status, 204, 'no room for one more click');
  });

  it('records an impression once for a requestId asked 10 times at once, and a click once for 10 duplicates', async () => {
    const placement = f.placement();
    const c = await f.campaign(await f.advertiser(), placement, { frequencyCap: 50 });
    const [ana, eve] = await f.users(2);
    const requestId = `req-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => f.next(ana, placement, `&requestId=${requestId}`)),
    );
    for (const r of answers) assert.equal(r.status, 200, r.text);
    const tokens = new Set(answers.map((r) => r.body.token));
    assert.equal(tokens.size, 1, 'the same impression every time');
    assert.equal(await f.count(sql`SELECT count(*)::int AS n FROM impressions WHERE campaign_id = ${c.id}`), 1);
    assert.equal(
      await f.count(sql`SELECT coalesce(sum(shown), 0)::int AS n FROM frequency WHERE campaign_id = ${c.id}`),
      1,
      'the refused duplicates took no place under the cap',
    );
    assert.equal(await f.events('impresion.registrada', c.id), 1);
    const token = [...tokens][0] as string;
    const clicks = await Promise.all(Array.from({ length: 10 }, () => f.click(ana, c.id, token)));
    assert.deepEqual(
      clicks.map((r) => r.status),
      Array(10).fill(200),
    );
    assert.equal(clicks.filter((r) => r.body.recorded).length, 1);
    assert.equal(await f.events('clic.registrado', c.id), 1);
    const stolen = await f.click(eve, c.id, token);
    assert.equal(stolen.status, 404, 'another user cannot click with my token');
    assert.equal((await f.click(ana, randomUUID(), token)).status, 404, 'the token belongs to its ad');
  });

  it('stops serving a paused campaign; pausing twice announces once', async () => {
    const placement = f.placement();
    const owner = await f.advertiser();
    const c = await f.campaign(owner, placement);
    const ana = await f.user();
    assert.equal((await f.next(ana, placement)).status, 200);
    for (let i = 0; i < 2; i++) {
      const r = await f.app.fetch(`/api/chat/ads/campaigns/${c.id}/pause`, { method: 'POST', token: owner.token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.status, 'paused');
    }
    assert.equal(await f.events('campana.pausada', c.id), 1);
    assert.equal((await f.next(ana, placement)).status, 204);
  });

  it('learns followed channels from subscription events', async () => {
    const ana = await f.user();
    const channelId = randomUUID();
    const publish = (e: typeof SuscripcionCreada | typeof SuscripcionEliminada) =>
      f.ctx.db.transaction((tx) =>
        f.ctx.bus.publish(tx, e, { channelId, userId: ana.id, at: new Date().toISOString() }),
      );
    await publish(SuscripcionCreada);
    await eventually(async () => (await f.get(ana, '/api/chat/ads/profile')).body.channelIds.length === 1);
    await publish(SuscripcionEliminada);
    await eventually(async () => (await f.get(ana, '/api/chat/ads/profile')).body.channelIds.length === 0);
  });
});
