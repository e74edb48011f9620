import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, type TestApp } from '@coordina/platform/testing';
import { ANALYTICS_GROUP } from '../src/instudio/events/instudio-events.consumer';
import { AnalyticsFixture, ctxOf, inboxCount } from './analytics.fixture';
import { publish } from './instudio.stub';
import { Scenario } from './scenario.data';

const TOPICS = [
  'reserva.creada',
  'reserva.confirmada',
  'reserva.cancelada',
  'reserva.completada',
  'reserva.no-presentada',
  'resena.publicada',
  'promocion.publicada',
  'salones.actualizaciones',
  'pago.autorizado',
  'pago.reembolsado',
];

describe('InStudio analytics across restarts', () => {
  it('loses nothing published while it was down and double counts nothing replayed after a restart', async () => {
    const scenario = new Scenario();
    const fixture = new AnalyticsFixture(scenario);
    const first = scenario.first();
    const second = scenario.second();
    const everything = first.length + second.length;
    let app: TestApp | undefined;
    try {
      app = await fixture.boot();
      await publish(ctxOf(app, 'instudio-stub'), first);
      await eventually(async () => (await inboxCount(app as TestApp)) === first.length, 15_000);
      const tokens = await fixture.tokens(app);
      const before = await figures(app, tokens.platform);
      assert.deepEqual(totals(before), { bookings: 3, confirmed: 2, cancellations: 2, revenueCents: 5000 });
      // Analytics is down: salon B's bookings go to the log and wait.
      app = await fixture.publishWhileDown(app, second);
      const restarted = app;
      await eventually(async () => (await inboxCount(restarted)) === everything, 15_000);
      const caughtUp = await figures(app, tokens.platform);
      assert.deepEqual(totals(caughtUp), { bookings: 5, confirmed: 4, cancellations: 2, revenueCents: 21000 });

      // A crash between the DuckDB commit and the inbox commit, at scale: forget the whole
      // inbox and deliver every event again. The handlers run again; DuckDB skips them.
      const replayed = await fixture.replayAll(app, ANALYTICS_GROUP, TOPICS);
      await eventually(async () => (await inboxCount(restarted, replayed)) === everything, 15_000);
      assert.deepEqual(await figures(app, tokens.platform), caughtUp);
    } finally {
      await app?.close();
    }
  });
});

type Row = { bookings: number; confirmed: number; cancellations: number; revenueCents: number };

async function figures(app: TestApp, token: string) {
  const get = async (path: string) => {
    const r = await app.fetch(`/api/analytics/instudio/${path}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  return {
    bookings: (await get('bookings?period=month')).rows,
    cancellations: (await get('cancellations?groupBy=district')).rows,
    revenue: (await get('revenue?groupBy=subcategory&period=week')).rows,
    top: (await get('top-services')).items,
  };
}

function totals(f: Awaited<ReturnType<typeof figures>>): Row {
  const sum = (rows: Partial<Row>[], k: keyof Row) => rows.reduce((n, r) => n + (r[k] ?? 0), 0);
  return {
    bookings: sum(f.bookings, 'bookings'),
    confirmed: sum(f.bookings, 'confirmed'),
    cancellations: sum(f.cancellations, 'cancellations'),
    revenueCents: sum(f.revenue, 'revenueCents'),
  };
}
