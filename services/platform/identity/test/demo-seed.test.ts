import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { identityService } from '../src';
import { DemoUsers } from '../src/contracts';

describe('identity demo seed', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ services: [identityService], config: { demoPassword: 'demo-password-1' } });
  });
  after(() => app.close());

  it('creates one demo account per role, with fixed ids, idempotently', async () => {
    const ctx = app.contexts.get('identity');
    assert.ok(ctx && identityService.seed);
    await identityService.seed(ctx);
    await identityService.seed(ctx);
    for (const demo of Object.values(DemoUsers)) {
      const login = await app.fetch('/api/identity/login', {
        json: { email: demo.email, password: 'demo-password-1' },
      });
      assert.equal(login.status, 200, demo.email);
      const me = await app.fetch('/api/identity/me', { token: login.body.accessToken });
      assert.deepEqual(me.body, { id: demo.id, email: demo.email, name: demo.name, roles: [...demo.roles] });
    }
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'user.registered'`.execute(ctx.db.db);
    assert.equal(events.rows[0]?.n, 3, 'one user.registered per demo account, not per seed run');
  });
});
