import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertProblem, eventually, type TestApp } from '@coordina/platform/testing';
import { AnalyticsFixture, ctxOf, inboxCount } from './analytics.fixture';
import { publish } from './instudio.stub';
import { Scenario } from './scenario.data';

describe('InStudio analytics', () => {
  const scenario = new Scenario();
  const fixture = new AnalyticsFixture(scenario);
  let app: TestApp;
  let tokens: Awaited<ReturnType<AnalyticsFixture['tokens']>>;

  before(async () => {
    app = await fixture.boot();
    tokens = await fixture.tokens(app);
    const events = [...scenario.first(), ...scenario.second()];
    await publish(ctxOf(app, 'instudio-stub'), events);
    await eventually(async () => (await inboxCount(app)) === events.length, 15_000);
  });
  after(() => app?.close());

  const get = (path: string, token = tokens.platform, headers?: Record<string, string>) =>
    app.fetch(`/api/analytics/instudio/${path}`, { token, headers });

  it('keeps its DuckDB file under the data directory, named by the database prefix', () => {
    assert.ok(existsSync(join(fixture.dataDir, 'analytics', `${fixture.prefix}.duckdb`)));
  });

  it('counts bookings per salon per day by the appointment date in the salon time zone', async () => {
    const r = await get('bookings?groupBy=salon&period=day');
    assert.equal(r.status, 200, r.text);
    const { salonA: a, salonB: b } = scenario;
    assert.deepEqual(r.body.rows, [
      { period: '2030-01-05', key: a.id, label: a.name, bookings: 2, confirmed: 2, completed: 1, noShows: 0 },
      { period: '2030-01-06', key: a.id, label: a.name, bookings: 1, confirmed: 0, completed: 0, noShows: 0 },
      { period: '2030-01-20', key: b.id, label: b.name, bookings: 1, confirmed: 1, completed: 0, noShows: 1 },
      { period: '2030-02-03', key: b.id, label: b.name, bookings: 1, confirmed: 1, completed: 0, noShows: 0 },
    ]);
  });

  it('counts cancellations per district per ISO week', async () => {
    const r = await get('cancellations?groupBy=district&period=week');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows, [
      { period: '2029-12-31', key: 'Miraflores', label: 'Miraflores', bookings: 3, cancellations: 2 },
      { period: '2030-01-14', key: 'Barranco', label: 'Barranco', bookings: 1, cancellations: 0 },
      { period: '2030-01-28', key: 'Barranco', label: 'Barranco', bookings: 1, cancellations: 0 },
    ]);
  });

  it('reports revenue as confirmed prices minus refunds, per subcategory per month', async () => {
    const r = await get('revenue?groupBy=subcategory&period=month');
    assert.equal(r.status, 200, r.text);
    const row = (period: string, key: string, confirmed: number, gross: number, refunded: number) => ({
      period,
      key,
      label: key,
      confirmed,
      grossCents: gross,
      refundedCents: refunded,
      revenueCents: gross - refunded,
    });
    assert.deepEqual(r.body.rows, [
      row('2030-01-01', 'hair', 1, 5000, 0),
      row('2030-01-01', 'nails', 1, 3000, 3000),
      row('2030-01-01', 'spa', 1, 8000, 0),
      row('2030-02-01', 'spa', 1, 8000, 0),
    ]);
  });

  it('bounds reports by appointment date and salon', async () => {
    const r = await get(`revenue?from=2030-01-06&to=2030-01-31&salonId=${scenario.salonB.id}&period=month`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.rows.length, 1);
    assert.equal(r.body.rows[0].revenueCents, 8000);
    assert.equal(r.body.from, '2030-01-06');
  });

  it('ranks the top services by confirmed bookings, then revenue', async () => {
    const r = await get('top-services?limit=2');
    assert.equal(r.status, 200, r.text);
    const [spa] = scenario.salonB.services;
    const [hair] = scenario.salonA.services;
    assert.deepEqual(
      r.body.items.map((i: { serviceName: string; confirmed: number; revenueCents: number; bookings: number }) => [
        i.serviceName,
        i.bookings,
        i.confirmed,
        i.revenueCents,
      ]),
      [
        [spa.name, 2, 2, 16000],
        [hair.name, 2, 1, 5000],
      ],
    );
  });

  it('answers CSV for ?format=csv and for Accept: text/csv', async () => {
    const byFormat = await get('revenue?groupBy=salon&period=month&format=csv');
    assert.equal(byFormat.status, 200, byFormat.text);
    assert.match(byFormat.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = byFormat.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'period,key,label,confirmed,grossCents,refundedCents,revenueCents');
    assert.ok(lines.includes(`2030-01-01,${scenario.salonA.id},Salón Aurora,2,8000,3000,5000`), byFormat.text);
    const byAccept = await get('top-services', tokens.platform, { accept: 'text/csv' });
    assert.match(byAccept.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(byAccept.text, /^serviceId,serviceName,salonId,subcategory,bookings,confirmed,revenueCents\r\n/);
    const json = await get('top-services?format=json', tokens.platform, { accept: 'text/csv' });
    assert.match(json.headers.get('content-type') ?? '', /application\/json/);
  });

  it('shows a salon admin only their own salons and refuses another salon', async () => {
    const own = await get('bookings?period=month', tokens.adminA);
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(new Set(own.body.rows.map((r: { key: string }) => r.key)), new Set([scenario.salonA.id]));
    const named = await get(`revenue?salonId=${scenario.salonB.id}`, tokens.adminB);
    assert.equal(named.status, 200, named.text);
    assert.equal(named.body.rows.length, 2);
    assert.equal((await get(`revenue?salonId=${scenario.salonB.id}`, tokens.adminA)).status, 403);
    assert.equal((await get('revenue', tokens.client)).status, 403);
    assert.equal((await app.fetch('/api/analytics/instudio/revenue')).status, 401);
  });

  it('answers bad parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['bookings?groupBy=country', 'query.groupBy'],
      ['bookings?period=year', 'query.period'],
      ['revenue?from=2030-13-01', 'query.from'],
      ['revenue?from=2030-02-01&to=2030-01-01', 'query.to'],
      ['cancellations?salonId=nope', 'query.salonId'],
      ['cancellations?format=xml', 'query.format'],
      ['top-services?limit=0', 'query.limit'],
      ['top-services?limit=abc', 'query.limit'],
      ['top-services?limit=1000', 'query.limit'],
    ];
    for (const [path, field] of cases) assertProblem(await get(path), { status: 400, field }, path);
  });
});
