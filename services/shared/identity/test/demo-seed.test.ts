import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { identityService } from '../src';
import { DemoUsers } from '../src/demo';
import { emailedCode, mailViewOf } from './outbox.reader';

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
      let login = await app.fetch('/api/identity/login', {
        json: { email: demo.email, password: 'demo-password-1' },
      });
      assert.equal(login.status, 200, demo.email);
      if (login.body.twoFactorRequired) {
        // The MusicFest manager signs in with the emailed second factor (read from the outbox).
        const code = await emailedCode(mailViewOf(ctx), demo.id, 'login_2fa');
        login = await app.fetch('/api/identity/login/2fa', { json: { challengeId: login.body.challengeId, code } });
        assert.equal(login.status, 200, demo.email);
      }
      const me = await app.fetch('/api/identity/me', { token: login.body.accessToken });
      assert.deepEqual(me.body, { id: demo.id, email: demo.email, name: demo.name, roles: [...demo.roles] });
    }
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'user.registered'`.execute(ctx.db.db);
    assert.equal(
      events.rows[0]?.n,
      Object.keys(DemoUsers).length,
      'one user.registered per demo account, not per seed run',
    );
  });
});
