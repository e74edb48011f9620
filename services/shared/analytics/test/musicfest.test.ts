import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertProblem, eventually, type TestApp } from '@coordina/platform/testing';
import { MUSICFEST_GROUP } from '../src/musicfest/events/musicfest-events.consumer';
import { AnalyticsFixture, ctxOf, inboxCount } from './analytics.fixture';
import { publish } from './instudio.stub';
import { MusicfestScenario } from './musicfest.scenario';
import { download, pdfText, sheetRows } from './report-files';
import { Scenario } from './scenario.data';

describe('MusicFest analytics', () => {
  const mf = new MusicfestScenario();
  const fixture = new AnalyticsFixture(new Scenario());
  let app: TestApp;
  const tokens = { platform: '', managerA: '', managerB: '', client: '', salonAdmin: '' };

  before(async () => {
    app = await fixture.boot();
    tokens.platform = await fixture.sign(app, randomUUID(), ['platform_admin']);
    tokens.managerA = await fixture.sign(app, mf.managerA, ['manager']);
    tokens.managerB = await fixture.sign(app, mf.managerB, ['manager']);
    tokens.client = await fixture.sign(app, randomUUID(), ['client']);
    tokens.salonAdmin = await fixture.sign(app, randomUUID(), ['salon_admin']);
    const events = [...mf.first(), ...mf.second(), ...mf.again()];
    await publish(ctxOf(app, 'instudio-stub'), events);
    await eventually(async () => (await inboxCount(app, new Date(0), MUSICFEST_GROUP)) === events.length, 15_000);
  });
  after(() => app?.close());

  const get = async (path: string, token = tokens.platform, headers?: Record<string, string>) =>
    app.fetch(`/api/analytics/musicfest/${path}`, { token, headers });
  const rows = async (path: string, token = tokens.platform) => {
    const r = await get(path, token);
    assert.equal(r.status, 200, r.text);
    return r.body.rows;
  };

  it('counts 3 purchases with 5 tickets as 5 tickets, their revenue and commission, per event', async () => {
    assert.deepEqual(await rows('sales?groupBy=event&period=all'), [
      {
        period: null,
        key: mf.jazz.id,
        label: 'Jazz Night',
        purchases: 1,
        tickets: 3,
        revenueCents: 15000,
        commissionCents: 450,
      },
      {
        period: null,
        key: mf.rock.id,
        label: 'Rock Fest 2030',
        purchases: 3,
        tickets: 5,
        revenueCents: 70000,
        commissionCents: 2100,
      },
    ]);
  });

  it('splits sales per ticket type per day in Lima, the commission shared by amount', async () => {
    const { rock } = mf;
    const row = (
      period: string,
      key: string,
      label: string,
      purchases: number,
      tickets: number,
      revenue: number,
      commission: number,
    ) => ({
      period,
      key,
      label,
      eventId: rock.id,
      eventName: 'Rock Fest 2030',
      purchases,
      tickets,
      revenueCents: revenue,
      commissionCents: commission,
    });
    assert.deepEqual(await rows(`sales?groupBy=ticketType&period=day&eventId=${rock.id}`), [
      row('2030-03-01', rock.general, 'General', 2, 3, 30000, 900),
      row('2030-03-01', rock.vip, 'VIP', 1, 1, 20000, 600),
      row('2030-03-03', rock.vip, 'VIP', 1, 1, 20000, 600),
    ]);
  });

  it('bounds sales by date', async () => {
    assert.deepEqual(await rows('sales?groupBy=overall&period=month&from=2030-03-02&to=2030-03-31'), [
      {
        period: '2030-03-01',
        key: 'all',
        label: 'all',
        purchases: 2,
        tickets: 4,
        revenueCents: 35000,
        commissionCents: 1050,
      },
    ]);
  });

  it('converts basket summaries to completed purchases per event and overall', async () => {
    assert.deepEqual(await rows('conversion?groupBy=event&period=all'), [
      {
        period: null,
        key: mf.jazz.id,
        label: 'Jazz Night',
        baskets: 2,
        purchases: 1,
        completed: 1,
        conversionRate: 0.5,
      },
      {
        period: null,
        key: mf.rock.id,
        label: 'Rock Fest 2030',
        baskets: 5,
        purchases: 6,
        completed: 3,
        conversionRate: 0.6,
      },
    ]);
    assert.deepEqual(await rows('conversion?groupBy=overall&period=all'), [
      { period: null, key: 'all', label: 'all', baskets: 7, purchases: 7, completed: 4, conversionRate: 0.5714 },
    ]);
  });

  it('follows waitlisted purchases to completed, left and expired', async () => {
    assert.deepEqual(await rows('waitlist?groupBy=event&period=day'), [
      {
        period: '2030-03-02',
        key: mf.rock.id,
        label: 'Rock Fest 2030',
        waitlisted: 3,
        promoted: 2,
        completed: 1,
        left: 1,
        expired: 1,
        cancelled: 0,
        waiting: 0,
        conversionRate: 0.3333,
      },
    ]);
  });

  it('counts refunds and refunded amounts by reason, leaving out cancellations that refunded nothing', async () => {
    assert.deepEqual(await rows('refunds?period=all'), [
      { period: null, key: 'buyer_cancelled', label: 'buyer_cancelled', refunds: 1, refundedCents: 20000 },
      { period: null, key: 'event_cancelled', label: 'event_cancelled', refunds: 1, refundedCents: 15000 },
    ]);
  });

  it('totals revenue, commission, refunds and net', async () => {
    assert.deepEqual(await rows('revenue?period=all'), [
      {
        period: null,
        key: 'all',
        label: 'all',
        purchases: 4,
        tickets: 8,
        grossCents: 85000,
        commissionCents: 2550,
        refundedCents: 35000,
        netCents: 50000,
      },
    ]);
  });

  it('counts a purchase once when its completion and cancellation were published twice', async () => {
    assert.equal(mf.again().length, 7);
    assert.deepEqual(await rows(`revenue?eventId=${mf.rock.id}&period=all`), [
      {
        period: null,
        key: 'all',
        label: 'all',
        purchases: 3,
        tickets: 5,
        grossCents: 70000,
        commissionCents: 2100,
        refundedCents: 20000,
        netCents: 50000,
      },
    ]);
  });

  it('lists the ticket types that sold out', async () => {
    const r = await get('sold-out');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items, [
      {
        eventId: mf.rock.id,
        eventName: 'Rock Fest 2030',
        ticketTypeId: mf.rock.vip,
        ticketTypeName: 'VIP',
        soldOutAt: '2030-03-03T14:00:00.000Z',
      },
    ]);
  });

  it('answers CSV for ?format=csv and for Accept: text/csv', async () => {
    const r = await get(`sales?groupBy=ticketType&period=day&eventId=${mf.rock.id}&format=csv`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(r.headers.get('content-disposition') ?? '', /musicfest-sales-by-ticketType-per-day\.csv/);
    const lines = r.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'period,key,label,eventId,eventName,purchases,tickets,revenueCents,commissionCents');
    assert.equal(lines[1], `2030-03-01,${mf.rock.general},General,${mf.rock.id},Rock Fest 2030,2,3,30000,900`);
    assert.equal(lines.length, 4);
    const byAccept = await get('conversion?groupBy=overall&period=all', tokens.platform, { accept: 'text/csv' });
    assert.equal(
      byAccept.text,
      'period,key,label,baskets,purchases,completed,conversionRate\r\n,all,all,7,7,4,0.5714\r\n',
    );
    const refunds = await get('refunds?period=all', tokens.managerA, { accept: 'text/csv' });
    assert.equal(
      refunds.text,
      'period,key,label,refunds,refundedCents\r\n,buyer_cancelled,buyer_cancelled,1,20000\r\n',
    );
  });

  it('sends its reports as xlsx and PDF too', async () => {
    const path = `/api/analytics/musicfest/sales?groupBy=event&period=all&eventId=${mf.jazz.id}`;
    const xlsx = await download(app.url, `${path}&format=xlsx`, tokens.platform);
    assert.equal(xlsx.disposition, 'attachment; filename="musicfest-sales-by-event-per-all.xlsx"');
    assert.deepEqual(await sheetRows(xlsx.bytes), [
      ['period', 'key', 'label', 'purchases', 'tickets', 'revenueCents', 'commissionCents'],
      [null, mf.jazz.id, 'Jazz Night', 1, 3, 15000, 450],
    ]);
    const pdf = await download(app.url, `${path}&format=pdf`, tokens.platform);
    assert.equal(pdf.type, 'application/pdf');
    const text = pdfText(pdf.bytes);
    assert.equal(text[0], 'musicfest-sales-by-event-per-all');
    assert.ok(text.includes('Jazz Night') && text.includes('15000'), JSON.stringify(text));
  });

  it("shows a manager only their own events and refuses another manager's event", async () => {
    const own = await rows('sales?groupBy=event&period=all', tokens.managerA);
    assert.deepEqual(
      own.map((r: { key: string }) => r.key),
      [mf.rock.id],
    );
    const jazz = await rows('revenue?groupBy=event&period=all', tokens.managerB);
    assert.deepEqual(
      jazz.map((r: { key: string; netCents: number }) => [r.key, r.netCents]),
      [[mf.jazz.id, 0]],
    );
    for (const path of ['sales', 'conversion', 'waitlist', 'refunds', 'revenue', 'sold-out']) {
      const r = await get(`${path}?eventId=${mf.jazz.id}`, tokens.managerA);
      assert.equal(r.status, 403, `${path}: ${r.text}`);
    }
    assert.deepEqual(await rows(`sales?eventId=${randomUUID()}`, tokens.managerA), []);
    assert.equal((await get('sales', tokens.client)).status, 403);
    assert.equal((await get('sales', tokens.salonAdmin)).status, 403);
    assert.equal((await app.fetch('/api/analytics/musicfest/sales')).status, 401);
  });

  it('answers bad parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['sales?groupBy=reason', 'query.groupBy'],
      ['conversion?groupBy=ticketType', 'query.groupBy'],
      ['revenue?period=year', 'query.period'],
      ['refunds?from=2030-13-01', 'query.from'],
      ['waitlist?from=2030-03-02&to=2030-03-01', 'query.to'],
      ['sales?eventId=nope', 'query.eventId'],
      ['sold-out?format=xml', 'query.format'],
    ];
    for (const [path, field] of cases) assertProblem(await get(path), { status: 400, field }, path);
  });
});
