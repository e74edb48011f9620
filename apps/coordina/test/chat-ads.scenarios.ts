import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually, type TestResponse } from '@coordina/platform/testing';
import type { Product } from './harness';

/** Chat ads through the gateway (and nginx with two gateways when distributed), run unchanged on each topology. */
export function chatAdsScenarios(name: string, start: () => Promise<Product>): void {
  describe(`Chat ads end to end (${name})`, () => {
    let p: Product;
    let advertiser: string;
    let admin: string;

    const signIn = async (email: string): Promise<string> => {
      const login = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
      assert.equal(login.status, 200, login.text);
      return login.body.accessToken;
    };
    /** A campaign of the demo advertiser at a placement of its own (no other scenario's ads compete). */
    const campaign = async (placement: string, over: Record<string, unknown> = {}): Promise<string> => {
      const r = await p.fetch('/api/chat/ads/campaigns', {
        token: advertiser,
        json: {
          creative: { title: `Oferta ${placement}`, text: 'Planes móviles', targetUrl: 'https://example.test/oferta' },
          placements: [placement],
          budgetCents: 10_000,
          pricing: 'impression',
          priceCents: 5,
          frequencyCap: 2,
          ...over,
        },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const next = (token: string, placement: string, headers: Record<string, string> = {}): Promise<TestResponse> =>
      p.fetch(`/api/chat/ads/next?placement=${placement}`, { token, headers });
    const report = async (token: string, query: string): Promise<TestResponse> =>
      p.fetch(`/api/analytics/chat/ads?${query}`, { token });

    before(async () => {
      p = await start();
      advertiser = await signIn(DemoUsers.advertiser.email);
      admin = await signIn(DemoUsers.platformAdmin.email);
    });
    after(() => p?.close());

    it('holds the daily frequency cap through every gateway, records clicks once, and the report counts match', async () => {
      const placement = `e2e-${randomUUID().slice(0, 8)}`;
      const id = await campaign(placement);
      const users = await Promise.all([p.mint(randomUUID()), p.mint(randomUUID()), p.mint(randomUUID())]);
      const answers = await Promise.all(users.flatMap((u) => Array.from({ length: 6 }, () => next(u, placement))));
      for (const r of answers) assert.ok(r.status === 200 || r.status === 204, `${r.status} ${r.text}`);
      const served = answers.filter((r) => r.status === 200);
      assert.equal(served.length, 6, 'two ads per user per day, whatever the concurrency');
      for (const u of users) assert.equal((await next(u, placement)).status, 204);

      // The first user clicks an ad of theirs 5 times at once; the second clicks one of theirs once.
      const [ana, beto] = users as [string, string, string];
      const adOf = (u: number) => answers.slice(u * 6, u * 6 + 6).find((r) => r.status === 200) as TestResponse;
      const clickBy = (token: string, ad: TestResponse) =>
        p.fetch(`/api/chat/ads/${id}/click`, { token, json: { token: ad.body.token } });
      const clicks = await Promise.all(Array.from({ length: 5 }, () => clickBy(ana, adOf(0))));
      for (const c of clicks) assert.equal(c.status, 200, c.text);
      assert.equal(clicks.filter((c) => c.body.recorded).length, 1);
      assert.equal(clicks[0]?.body.targetUrl, 'https://example.test/oferta');
      assert.equal((await clickBy(beto, adOf(1))).body.recorded, true);
      assert.equal((await clickBy(beto, adOf(0))).status, 404, "another user's token");

      const view = await p.fetch(`/api/chat/ads/campaigns/${id}`, { token: advertiser });
      assert.equal(view.body.spentCents, 30, '6 impressions × 5 cents');

      const row = await eventually(async () => {
        const r = await report(advertiser, `campaignId=${id}`);
        assert.equal(r.status, 200, r.text);
        const found = r.body.rows[0];
        return found?.impressions === 6 && found.clicks === 2 ? found : undefined;
      }, 30_000);
      assert.deepEqual(
        {
          label: row.label,
          impressions: row.impressions,
          clicks: row.clicks,
          ctr: row.ctr,
          spendCents: row.spendCents,
        },
        { label: `Oferta ${placement}`, impressions: 6, clicks: 2, ctr: 0.3333, spendCents: 30 },
      );
      const csv = await report(advertiser, `campaignId=${id}&format=csv`);
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.text, new RegExp(`${id}.*,6,2,0.3333,30`));
      const all = await report(admin, 'period=day');
      assert.ok(
        all.body.rows.some((r: { key: string; impressions: number }) => r.key === id && r.impressions === 6),
        'an admin sees every campaign',
      );
      const other = await report(await p.mint(randomUUID(), ['advertiser']), `campaignId=${id}`);
      assert.deepEqual(other.body.rows, [], "another advertiser does not see this campaign's numbers");
      const client = await report(users[0] as string, '');
      assert.equal(client.status, 403, client.text);
    });

    it("shows everyone the demo advertiser's seeded campaign in the chat list, three times a day", async () => {
      const mine = await p.fetch('/api/chat/ads/campaigns', { token: advertiser });
      assert.equal(mine.status, 200, mine.text);
      assert.ok(
        mine.body.items.some((c: { creative: { title: string } }) => c.creative.title === 'Coordina Pro'),
        mine.text,
      );
      const anyone = await p.mint(randomUUID());
      const seen: number[] = [];
      for (let i = 0; i < 4; i++) seen.push((await next(anyone, 'chat-list')).status);
      assert.deepEqual(seen, [200, 200, 200, 204]);
    });

    it('targets by interests and by the locale of Accept-Language, and stops a paused campaign', async () => {
      const placement = `e2e-${randomUUID().slice(0, 8)}`;
      const futbol = await campaign(placement, { targeting: { interests: ['futbol'] }, frequencyCap: 1 });
      const english = await campaign(placement, { targeting: { locales: ['en'] }, frequencyCap: 1 });
      const fan = await p.mint(randomUUID());
      const put = await p.fetch('/api/chat/ads/profile', {
        method: 'PUT',
        token: fan,
        json: { interests: ['futbol'], locale: 'es-PE' },
      });
      assert.equal(put.status, 200, put.text);
      const fanAd = await next(fan, placement);
      assert.equal(fanAd.body.id, futbol, fanAd.text);
      assert.equal((await next(fan, placement)).status, 204, 'the English campaign is not for an es-PE user');
      const visitor = await p.mint(randomUUID());
      const visitorAd = await next(visitor, placement, { 'accept-language': 'en-US,en;q=0.9' });
      assert.equal(visitorAd.body.id, english, visitorAd.text);

      const pause = await p.fetch(`/api/chat/ads/campaigns/${english}/pause`, { method: 'POST', token: advertiser });
      assert.equal(pause.status, 200, pause.text);
      const late = await p.mint(randomUUID());
      assert.equal((await next(late, placement, { 'accept-language': 'en' })).status, 204);
      const anonymous = await p.fetch(`/api/chat/ads/next?placement=${placement}`);
      assert.equal(anonymous.status, 401);
      const notAdvertiser = await p.fetch('/api/chat/ads/campaigns', { token: late });
      assert.equal(notAdvertiser.status, 403);
    });

    it("targets by the channels a user follows, learned from channels' subscription events", async () => {
      const placement = `e2e-${randomUUID().slice(0, 8)}`;
      const owner = await p.mint(randomUUID());
      const created = await p.fetch('/api/chat/channels', { token: owner, json: { title: `Canal ${placement}` } });
      assert.equal(created.status, 201, created.text);
      const channelId: string = created.body.id;
      const id = await campaign(placement, { targeting: { channelIds: [channelId] }, frequencyCap: 5 });
      const fan = await p.mint(randomUUID());
      assert.equal((await next(fan, placement)).status, 204, 'not a follower yet');
      const sub = await p.fetch(`/api/chat/channels/${channelId}/subscription`, {
        method: 'PUT',
        token: fan,
        json: {},
      });
      assert.equal(sub.status, 200, sub.text);
      await eventually(async () =>
        (await p.fetch('/api/chat/ads/profile', { token: fan })).body?.channelIds?.includes(channelId),
      );
      assert.equal((await next(fan, placement)).body.id, id);
      const off = await p.fetch(`/api/chat/channels/${channelId}/subscription`, { method: 'DELETE', token: fan });
      assert.ok(off.status < 300, off.text);
      await eventually(
        async () => (await p.fetch('/api/chat/ads/profile', { token: fan })).body?.channelIds?.length === 0,
      );
      assert.equal((await next(fan, placement)).status, 204, 'no longer a follower');
    });
  });
}
