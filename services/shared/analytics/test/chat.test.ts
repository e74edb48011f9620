import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CampanaCreada, ClicRegistrado, ImpresionRegistrada } from '@coordina/chat-ads/contracts';
import { assertProblem, eventually, type TestApp } from '@coordina/platform/testing';
import { CHAT_GROUP } from '../src/chat/events/chat-events.consumer';
import { AnalyticsFixture, ctxOf, inboxCount } from './analytics.fixture';
import { ev, publish, type StubEvent } from './instudio.stub';
import { Scenario } from './scenario.data';

/**
 * Chat ads events with known figures (dates in Lima, UTC-5): advertiser A's campaign "Verano"
 * (3 impressions at 5 cents: two on 05-01, one at 23:00 of 05-01 in Lima, 05-02 in UTC; one
 * click at 20 cents) and "Invierno" (1 impression, free; its click is free), and advertiser
 * B's "Otoño" (2 impressions at 7 cents, no click).
 */
class AdsScenario {
  readonly advertiserA = randomUUID();
  readonly advertiserB = randomUUID();
  readonly verano = 'c1000000-0000-4000-8000-000000000001';
  readonly invierno = 'c2000000-0000-4000-8000-000000000002';
  readonly otono = 'c3000000-0000-4000-8000-000000000003';

  events(): StubEvent[] {
    const user = randomUUID();
    const campaign = (campaignId: string, advertiserId: string, title: string) =>
      ev(CampanaCreada, {
        campaignId,
        advertiserId,
        title,
        budgetCents: 10_000,
        pricing: 'impression',
        priceCents: 5,
        at: '2030-05-01T08:00:00-05:00',
      });
    const fact = (
      campaignId: string,
      advertiserId: string,
      costCents: number,
      at: string,
      impressionId = randomUUID(),
    ) => ({ impressionId, campaignId, advertiserId, userId: user, placement: 'chat-list', costCents, at }) as const;
    const first = randomUUID();
    const winter = randomUUID();
    return [
      campaign(this.verano, this.advertiserA, 'Verano'),
      campaign(this.invierno, this.advertiserA, 'Invierno'),
      ev(ImpresionRegistrada, fact(this.verano, this.advertiserA, 5, '2030-05-01T10:00:00-05:00', first)),
      ev(ImpresionRegistrada, fact(this.verano, this.advertiserA, 5, '2030-05-01T11:00:00-05:00')),
      ev(ImpresionRegistrada, fact(this.verano, this.advertiserA, 5, '2030-05-02T04:00:00Z')),
      ev(ClicRegistrado, fact(this.verano, this.advertiserA, 20, '2030-05-01T10:01:00-05:00', first)),
      ev(ImpresionRegistrada, fact(this.invierno, this.advertiserA, 0, '2030-05-03T10:00:00-05:00', winter)),
      ev(ClicRegistrado, fact(this.invierno, this.advertiserA, 0, '2030-05-03T10:00:01-05:00', winter)),
      // Otoño's impressions arrive before its campaign: labelled by its id until it does.
      ev(ImpresionRegistrada, fact(this.otono, this.advertiserB, 7, '2030-05-02T10:00:00-05:00')),
      ev(ImpresionRegistrada, fact(this.otono, this.advertiserB, 7, '2030-05-02T10:00:00-05:00')),
      campaign(this.otono, this.advertiserB, 'Otoño'),
    ];
  }
}

describe('Chat ads analytics', () => {
  const ads = new AdsScenario();
  const fixture = new AnalyticsFixture(new Scenario());
  const events = ads.events();
  let app: TestApp;
  const tokens = { platform: '', a: '', b: '', client: '' };

  before(async () => {
    app = await fixture.boot();
    tokens.platform = await fixture.sign(app, randomUUID(), ['platform_admin']);
    tokens.a = await fixture.sign(app, ads.advertiserA, ['advertiser']);
    tokens.b = await fixture.sign(app, ads.advertiserB, ['advertiser']);
    tokens.client = await fixture.sign(app, randomUUID(), ['client']);
    await publish(ctxOf(app, 'instudio-stub'), events);
    await eventually(async () => (await inboxCount(app, new Date(0), CHAT_GROUP)) === events.length, 15_000);
  });
  after(() => app?.close());

  const get = (query: string, token = tokens.platform) => app.fetch(`/api/analytics/chat/ads?${query}`, { token });
  const rows = async (query: string, token = tokens.platform) => {
    const r = await get(query, token);
    assert.equal(r.status, 200, r.text);
    return r.body.rows;
  };

  it('counts impressions, clicks, CTR and spend per campaign, for a platform admin every advertiser', async () => {
    const report = await get('');
    assert.deepEqual(
      { ...report.body, rows: undefined },
      { report: 'ads', groupBy: 'campaign', period: 'all', from: null, to: null, campaignId: null, rows: undefined },
    );
    const { verano, invierno, otono, advertiserA: a, advertiserB: b } = ads;
    assert.deepEqual(report.body.rows, [
      {
        period: null,
        key: verano,
        label: 'Verano',
        advertiserId: a,
        impressions: 3,
        clicks: 1,
        ctr: 0.3333,
        spendCents: 35,
      },
      { period: null, key: otono, label: 'Otoño', advertiserId: b, impressions: 2, clicks: 0, ctr: 0, spendCents: 14 },
      {
        period: null,
        key: invierno,
        label: 'Invierno',
        advertiserId: a,
        impressions: 1,
        clicks: 1,
        ctr: 1,
        spendCents: 0,
      },
    ]);
  });

  it('shows an advertiser their own campaigns only, per day in Lima, bounded by date and campaign', async () => {
    assert.deepEqual(
      (await rows('period=day', tokens.a)).map((r: { period: string; label: string; impressions: number }) => [
        r.period,
        r.label,
        r.impressions,
      ]),
      [
        ['2030-05-01', 'Verano', 3],
        ['2030-05-03', 'Invierno', 1],
      ],
    );
    assert.deepEqual(
      (await rows('period=day', tokens.b)).map((r: { key: string }) => r.key),
      [ads.otono],
    );
    assert.deepEqual(await rows(`campaignId=${ads.verano}`, tokens.b), [], "B does not see A's campaign");
    assert.deepEqual(
      (await rows('from=2030-05-02&to=2030-05-02')).map((r: { key: string }) => r.key),
      [ads.otono],
    );
  });

  it('exports CSV and refuses a client and a bad query', async () => {
    const csv = await app.fetch(`/api/analytics/chat/ads?campaignId=${ads.verano}`, {
      token: tokens.a,
      headers: { accept: 'text/csv' },
    });
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.headers.get('content-disposition') ?? '', /chat-ads-by-campaign-per-all\.csv/);
    assert.equal(
      csv.text.trim(),
      `period,key,label,advertiserId,impressions,clicks,ctr,spendCents\r\n,${ads.verano},Verano,${ads.advertiserA},3,1,0.3333,35`,
    );
    assert.equal((await get('', tokens.client)).status, 403);
    assertProblem(await get('from=2030-05-03&to=2030-05-01'), { status: 400, field: 'query.to' });
    assertProblem(await get('campaignId=x'), { status: 400, field: 'query.campaignId' });
  });

  it('changes nothing when every event is delivered again with the inbox forgotten', async () => {
    const before = await rows('period=day');
    const topics = [CampanaCreada, ImpresionRegistrada, ClicRegistrado].map((c) => c.topic);
    const replayed = await fixture.replayAll(app, CHAT_GROUP, topics);
    await eventually(async () => (await inboxCount(app, replayed, CHAT_GROUP)) === events.length, 15_000);
    assert.deepEqual(await rows('period=day'), before);
  });
});
