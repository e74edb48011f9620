import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertProblem, eventually, type TestApp } from '@coordina/platform/testing';
import { GAMEVAULT_GROUP, GAMEVAULT_TOPICS } from '../src/gamevault/events/gamevault-events.consumer';
import { AnalyticsFixture, ctxOf, inboxCount } from './analytics.fixture';
import { GamevaultScenario } from './gamevault.scenario';
import { publish } from './instudio.stub';
import { download, pdfText, sheetRows } from './report-files';
import { Scenario } from './scenario.data';

describe('GameVault analytics', () => {
  const gv = new GamevaultScenario();
  const fixture = new AnalyticsFixture(new Scenario());
  const events = gv.events();
  let app: TestApp;
  const tokens = { admin: '', platform: '', seller: '', buyer: '' };

  before(async () => {
    app = await fixture.boot();
    tokens.admin = await fixture.sign(app, randomUUID(), ['gamevault_admin']);
    tokens.platform = await fixture.sign(app, randomUUID(), ['platform_admin']);
    tokens.seller = await fixture.sign(app, gv.s1, ['seller']);
    tokens.buyer = await fixture.sign(app, gv.buyer, ['buyer']);
    await publish(ctxOf(app, 'instudio-stub'), events);
    await eventually(async () => (await inboxCount(app, new Date(0), GAMEVAULT_GROUP)) === events.length, 15_000);
  });
  after(() => app?.close());

  const get = (path: string, token = tokens.admin, headers?: Record<string, string>) =>
    app.fetch(`/api/analytics/gamevault/${path}`, { token, headers });
  const json = async (path: string, token = tokens.admin) => {
    const r = await get(path, token);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const everything = async () =>
    Promise.all(
      ['sales?groupBy=product&period=day', 'search-trends?period=day', 'popular', 'satisfaction?groupBy=seller'].map(
        (p) => json(p),
      ),
    );

  it('sums paid lines per console, an order paid twice once, a cancelled order not at all', async () => {
    const report = await json('sales?groupBy=console&period=all');
    assert.deepEqual(
      { ...report, rows: undefined },
      { report: 'sales', groupBy: 'console', period: 'all', from: null, to: null, rows: undefined },
    );
    assert.deepEqual(report.rows, [
      { period: null, key: 'switch', label: 'switch', orders: 2, units: 4, revenueCents: 80000 },
      { period: null, key: 'ps5', label: 'ps5', orders: 2, units: 3, revenueCents: 75000 },
    ]);
  });

  it('splits sales per seller per day in Lima and bounds them by date', async () => {
    assert.deepEqual((await json('sales?groupBy=seller&period=day')).rows, [
      { period: '2030-05-01', key: gv.s1, label: gv.s1, orders: 2, units: 4, revenueCents: 80000 },
      { period: '2030-05-01', key: gv.s2, label: gv.s2, orders: 1, units: 1, revenueCents: 25000 },
      { period: '2030-05-03', key: gv.s2, label: gv.s2, orders: 1, units: 2, revenueCents: 50000 },
    ]);
    assert.deepEqual((await json('sales?groupBy=overall&period=month&from=2030-05-02&to=2030-05-31')).rows, [
      { period: '2030-05-01', key: 'all', label: 'all', orders: 1, units: 2, revenueCents: 50000 },
    ]);
  });

  it("labels sales per product with the product's title as it is now", async () => {
    assert.deepEqual((await json('sales?groupBy=product&period=all')).rows, [
      { period: null, key: gv.zelda.id, label: gv.zelda.title, orders: 2, units: 4, revenueCents: 80000 },
      { period: null, key: gv.gow.id, label: gv.gow.title, orders: 2, units: 3, revenueCents: 75000 },
    ]);
  });

  it('ranks the best sellers by units, with their reviews', async () => {
    const list = await json('popular?limit=5');
    assert.deepEqual(list.items, [
      {
        rank: 1,
        productId: gv.zelda.id,
        title: gv.zelda.title,
        console: 'switch',
        sellerId: gv.s1,
        orders: 2,
        units: 4,
        revenueCents: 80000,
        reviews: 2,
        averageRating: 4,
      },
      {
        rank: 2,
        productId: gv.gow.id,
        title: gv.gow.title,
        console: 'ps5',
        sellerId: gv.s2,
        orders: 2,
        units: 3,
        revenueCents: 75000,
        reviews: 1,
        averageRating: 4,
      },
    ]);
    assert.deepEqual(
      (await json('popular?limit=1&from=2030-05-03')).items.map((i: { productId: string }) => i.productId),
      [gv.gow.id],
    );
  });

  it('ranks the searched texts and filters per period', async () => {
    const all = await json('search-trends');
    assert.equal(all.searches, 9);
    assert.deepEqual(
      all.rows.map((r: { key: string; searches: number; rank: number }) => [r.key, r.searches, r.rank]),
      [
        ['q:zelda', 4, 1],
        ['console:ps5', 2, 2],
        ['console:switch', 2, 3],
        ['q:halo', 2, 4],
        ['genre:rpg', 1, 5],
      ],
    );
    const texts = await json('search-trends?kind=q&period=day&limit=2');
    assert.deepEqual(texts.rows, [
      { period: '2030-05-01', key: 'q:zelda', kind: 'q', label: 'zelda', searches: 3, rank: 1 },
      { period: '2030-05-02', key: 'q:halo', kind: 'q', label: 'halo', searches: 2, rank: 1 },
      { period: '2030-05-02', key: 'q:zelda', kind: 'q', label: 'zelda', searches: 1, rank: 2 },
    ]);
    assert.equal((await json('search-trends?from=2030-05-02')).searches, 4);
  });

  it('rates satisfaction per product and console, a review approved twice once, a withdrawn one not at all', async () => {
    const stars = (s1: number, s2: number, s3: number, s4: number, s5: number) => ({
      stars1: s1,
      stars2: s2,
      stars3: s3,
      stars4: s4,
      stars5: s5,
    });
    assert.deepEqual((await json('satisfaction')).rows, [
      { period: null, key: gv.zelda.id, label: gv.zelda.title, reviews: 2, averageRating: 4, ...stars(0, 0, 1, 0, 1) },
      { period: null, key: gv.gow.id, label: gv.gow.title, reviews: 1, averageRating: 4, ...stars(0, 0, 0, 1, 0) },
      { period: null, key: gv.unseen, label: gv.unseen, reviews: 1, averageRating: 2, ...stars(0, 1, 0, 0, 0) },
    ]);
    assert.deepEqual(
      (await json('satisfaction?groupBy=console&period=day')).rows.map(
        (r: { period: string; key: string; reviews: number; averageRating: number }) => [
          r.period,
          r.key,
          r.reviews,
          r.averageRating,
        ],
      ),
      [
        ['2030-05-04', 'switch', 2, 4],
        ['2030-05-05', 'ps5', 1, 4],
        ['2030-05-05', 'unknown', 1, 2],
      ],
    );
  });

  it('sends every report as CSV, xlsx and PDF files named after what was asked', async () => {
    const cases = [
      ['sales?groupBy=console&period=all', 'gamevault-sales-by-console-per-all', ['switch', 80000]],
      ['search-trends', 'gamevault-search-trends-by-term-per-all', ['zelda', 4]],
      ['popular', 'gamevault-popular', [gv.zelda.title, 80000]],
      ['satisfaction', 'gamevault-satisfaction-by-product-per-all', [gv.zelda.title, 4]],
    ] as const;
    for (const [path, name, [label, figure]] of cases) {
      const sep = path.includes('?') ? '&' : '?';
      const csv = await get(`${path}${sep}format=csv`);
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
      assert.equal(csv.headers.get('content-disposition'), `attachment; filename="${name}.csv"`);
      assert.ok(
        csv.text.split('\r\n').some((l) => l.includes(label) && l.includes(String(figure))),
        csv.text,
      );

      const xlsx = await download(app.url, `/api/analytics/gamevault/${path}${sep}format=xlsx`, tokens.admin);
      assert.equal(xlsx.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', path);
      assert.equal(xlsx.disposition, `attachment; filename="${name}.xlsx"`);
      const sheet = await sheetRows(xlsx.bytes);
      assert.deepEqual(sheet[0], csv.text.split('\r\n')[0]?.split(','), `${path}: the header row`);
      assert.ok(
        sheet.slice(1).some((row) => row.includes(label) && row.includes(figure)),
        `${path}: ${JSON.stringify(sheet)}`,
      );

      const pdf = await download(app.url, `/api/analytics/gamevault/${path}${sep}format=pdf`, tokens.admin);
      assert.equal(pdf.type, 'application/pdf', path);
      assert.equal(pdf.disposition, `attachment; filename="${name}.pdf"`);
      const text = pdfText(pdf.bytes);
      assert.equal(text[0], name, `${path}: the title first`);
      assert.ok(text.includes(String(figure)), `${path}: ${JSON.stringify(text)}`);
      assert.ok(
        text.some((t) => t.startsWith(label.slice(0, 12))),
        `${path}: ${JSON.stringify(text)}`,
      );
    }
  });

  it('admits GameVault admins and platform admins only, and names a bad field', async () => {
    assert.equal((await get('sales', tokens.platform)).status, 200);
    for (const path of ['sales', 'search-trends', 'popular', 'satisfaction']) {
      assert.equal((await get(path, tokens.seller)).status, 403, path);
      assert.equal((await get(path, tokens.buyer)).status, 403, path);
      assert.equal((await app.fetch(`/api/analytics/gamevault/${path}`)).status, 401, path);
    }
    const cases: [string, string][] = [
      ['sales?groupBy=genre', 'query.groupBy'],
      ['sales?period=year', 'query.period'],
      ['popular?limit=0', 'query.limit'],
      ['search-trends?kind=price', 'query.kind'],
      ['satisfaction?from=2030-05-05&to=2030-05-01', 'query.to'],
      ['sales?format=docx', 'query.format'],
    ];
    for (const [path, field] of cases) assertProblem(await get(path), { status: 400, field }, path);
  });

  it('exports its consumer lag to Prometheus', async () => {
    const r = await app.fetch('/metrics');
    assert.equal(r.status, 200);
    const line = r.text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('coordina_consumer_lag{') &&
          l.includes(`group="${GAMEVAULT_GROUP}"`) &&
          l.includes('topic="pedido.pagado"'),
      );
    assert.ok(line, r.text.slice(0, 2000));
    assert.match(line, /\} 0$/);
  });

  it('changes nothing when every event is delivered again with the inbox forgotten', async () => {
    const before = await everything();
    const replayed = await fixture.replayAll(app, GAMEVAULT_GROUP, GAMEVAULT_TOPICS);
    await eventually(async () => (await inboxCount(app, replayed, GAMEVAULT_GROUP)) === events.length, 15_000);
    assert.deepEqual(await everything(), before);
  });
});
