import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eventually, type TestApp } from '@coordina/platform/testing';
import { MUSICFEST_GROUP, MUSICFEST_TOPICS } from '../src/musicfest/events/musicfest-events.consumer';
import { AnalyticsFixture, ctxOf, inboxCount } from './analytics.fixture';
import { publish } from './instudio.stub';
import { MusicfestScenario } from './musicfest.scenario';
import { Scenario } from './scenario.data';

describe('MusicFest analytics across restarts', () => {
  it('loses nothing published while it was down and double counts nothing replayed after a restart', async () => {
    const mf = new MusicfestScenario();
    const fixture = new AnalyticsFixture(new Scenario());
    const first = mf.first();
    const second = mf.second();
    const everything = first.length + second.length;
    const handled = (app: TestApp, since = new Date(0)) => inboxCount(app, since, MUSICFEST_GROUP);
    let app: TestApp | undefined;
    try {
      app = await fixture.boot();
      const token = await fixture.sign(app, randomUUID(), ['platform_admin']);
      await publish(ctxOf(app, 'instudio-stub'), first);
      await eventually(async () => (await handled(app as TestApp)) === first.length, 15_000);
      assert.deepEqual(totals(await figures(app, token)), {
        tickets: 5,
        grossCents: 70000,
        refundedCents: 20000,
        baskets: 5,
      });
      // Analytics is down: the Jazz sale and its cancellation go to the log and wait.
      app = await fixture.publishWhileDown(app, second);
      const restarted = app;
      await eventually(async () => (await handled(restarted)) === everything, 15_000);
      const caughtUp = await figures(app, token);
      assert.deepEqual(totals(caughtUp), { tickets: 8, grossCents: 85000, refundedCents: 35000, baskets: 7 });

      // As after a crash between the DuckDB commit and the inbox commit: forget the inbox and
      // deliver every MusicFest event again. The handlers run again; DuckDB skips them.
      const replayed = await fixture.replayAll(app, MUSICFEST_GROUP, MUSICFEST_TOPICS);
      await eventually(async () => (await handled(restarted, replayed)) === everything, 15_000);
      assert.deepEqual(await figures(app, token), caughtUp);
    } finally {
      await app?.close();
    }
  });
});

async function figures(app: TestApp, token: string) {
  const get = async (path: string) => {
    const r = await app.fetch(`/api/analytics/musicfest/${path}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.body.rows as Record<string, number>[];
  };
  return {
    sales: await get('sales?groupBy=ticketType'),
    conversion: await get('conversion?period=week'),
    waitlist: await get('waitlist?period=all'),
    refunds: await get('refunds?groupBy=event'),
    revenue: await get('revenue?groupBy=event&period=month'),
  };
}

function totals(f: Awaited<ReturnType<typeof figures>>) {
  const sum = (rows: Record<string, number>[], k: string) => rows.reduce((n, r) => n + (r[k] ?? 0), 0);
  return {
    tickets: sum(f.sales, 'tickets'),
    grossCents: sum(f.revenue, 'grossCents'),
    refundedCents: sum(f.refunds, 'refundedCents'),
    baskets: sum(f.conversion, 'baskets'),
  };
}
