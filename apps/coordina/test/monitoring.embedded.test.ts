import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { internalCallerHeaders } from '@coordina/platform';
import { DEFAULT_DEMO_PASSWORD } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { allServices } from '../src/services.registry';

/** Seed 002's monitoring on the embedded default: the latency alert reaches the operators. */
describe('latency alert on the embedded default', () => {
  let app: TestApp;
  let admin: string;

  before(async () => {
    app = await startTestApp({
      services: allServices,
      config: { seedDemo: true, alerts: { thresholdMs: 1, windowMs: 60_000, sampleMs: 3_600_000, minRequests: 5 } },
    });
    const login = await app.fetch('/api/identity/login', {
      json: { email: 'admin@demo.coordina', password: DEFAULT_DEMO_PASSWORD },
    });
    assert.equal(login.status, 200, login.text);
    admin = login.body.accessToken;
  });
  after(() => app.close());

  it('notifies every platform admin in the feed and by email, and lists the alert in the ops API', async () => {
    assert.ok(app.alerts);
    // The platform's own calls (the services' in-process reads of each other) are not the
    // public API: however many, they fire nothing.
    for (let i = 0; i < 10; i++) {
      const own = await app.fetch('/api/instudio/salons', { headers: internalCallerHeaders(app.config) });
      assert.equal(own.status, 200);
    }
    assert.equal(await app.alerts.evaluate(), undefined);
    for (let i = 0; i < 10; i++) await app.fetch('/api/instudio/salons');
    const fired = await app.alerts.evaluate();
    assert.equal(fired?.state, 'firing');
    const feed = await eventually(async () => {
      const r = await app.fetch('/api/notifications/me', { token: admin });
      return r.body.items?.find((n: { kind: string }) => n.kind === 'ops_alert');
    });
    assert.match(feed.body, /p95/);
    const emails = await eventually(async () => {
      const r = await app.fetch('/api/notifications/emails?to=admin@demo.coordina', { token: admin });
      return r.body.items?.some((e: { subject: string }) => /Alerta/.test(e.subject)) ? r.body.items : undefined;
    });
    assert.ok(emails.length >= 1);
    const list = await app.fetch('/api/ops/alerts', { token: admin });
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].rule, 'CoordinaApiLatencyHigh');
    assert.equal(list.body.items[0].state, 'firing');
    const client = await app.fetch('/api/identity/login', {
      json: { email: 'client@demo.coordina', password: DEFAULT_DEMO_PASSWORD },
    });
    const mine = await app.fetch('/api/notifications/me', { token: client.body.accessToken });
    assert.ok(
      !mine.body.items.some((n: { kind: string }) => n.kind === 'ops_alert'),
      'clients get no operations alerts',
    );
  });
});
