import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createSigner } from 'fast-jwt';
import { AccessTokens } from '../src/auth/access-token';
import { MINTED_SIGN_IN } from '../src/auth/system-access';
import { startTestApp } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { echoService } from './echo.service';

/** Issue 12 items 6 and 9: what a token proves (iss, aud, amr, email_verified) and its session version. */
describe('access tokens: issuer, audience, sign-in proof and session version', () => {
  let app: TestApp;
  let tokens: AccessTokens;

  before(async () => {
    app = await startTestApp({ services: [echoService] });
    tokens = new AccessTokens(app.config.jwtSecret, 60);
  });
  after(() => app.close());

  it('refuses a token without iss or without aud (fast-jwt checks them only when present)', async () => {
    const key = app.config.jwtSecret;
    const claims = { sub: randomUUID(), email: 'x@x.test', roles: ['platform_admin'] };
    const noIssuer = createSigner({ key, aud: 'coordina-api', expiresIn: 60_000 })(claims);
    const noAudience = createSigner({ key, iss: 'coordina', expiresIn: 60_000 })(claims);
    const neither = createSigner({ key, expiresIn: 60_000 })(claims);
    for (const token of [noIssuer, noAudience, neither]) {
      const res = await app.fetch('/api/echo/admin', { token });
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.code, 'INVALID_TOKEN');
    }
    const both = createSigner({ key, iss: 'coordina', aud: 'coordina-api', expiresIn: 60_000 })(claims);
    assert.equal((await app.fetch('/api/echo/admin', { token: both })).status, 200);
  });

  it("answers 403 STEP_UP_REQUIRED on a route with a system's policy until the sign-in meets it", async () => {
    const user = { id: randomUUID(), email: 'fan@x.test', roles: ['client' as const] };
    const refused = [
      await tokens.sign(user),
      await tokens.sign({ ...user, amr: ['pwd'], emailVerified: true }),
      await tokens.sign({ ...user, amr: ['pwd', 'otp'], emailVerified: false }),
    ];
    for (const token of refused) {
      const res = await app.fetch('/api/echo/festival', { token });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.body.code, 'STEP_UP_REQUIRED');
    }
    for (const amr of [
      ['pwd', 'otp'],
      ['pwd', 'swk'],
    ]) {
      const token = await tokens.sign({ ...user, amr, emailVerified: true });
      assert.equal((await app.fetch('/api/echo/festival', { token })).status, 200);
    }
    assert.equal(
      (await app.fetch('/api/echo/festival', { token: await tokens.sign({ ...user, ...MINTED_SIGN_IN }) })).status,
      200,
    );
    assert.equal((await app.fetch('/api/echo/festival')).status, 401, 'anonymous is still 401');
  });

  it("refuses at once the tokens below the user's session version, and accepts the ones issued after", async () => {
    const sessions = [...app.contexts.values()][0]?.sessions;
    assert.ok(sessions);
    const user = { id: randomUUID(), email: 'sv@x.test', roles: ['platform_admin' as const] };
    const before = await tokens.sign({ ...user, sessionVersion: 0 });
    const unversioned = await tokens.sign(user);
    const other = await tokens.sign({ ...user, id: randomUUID() });
    assert.equal((await app.fetch('/api/echo/admin', { token: before })).status, 200);
    await sessions.bump(user.id, 1);
    for (const token of [before, unversioned]) {
      const res = await app.fetch('/api/echo/admin', { token });
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.code, 'INVALID_TOKEN');
    }
    assert.equal(
      (await app.fetch('/api/echo/admin', { token: other })).status,
      200,
      "another user's token is not ended",
    );
    const after = await tokens.sign({ ...user, sessionVersion: 1 });
    assert.equal((await app.fetch('/api/echo/admin', { token: after })).status, 200);
    await sessions.bump(user.id, 0);
    assert.equal((await app.fetch('/api/echo/admin', { token: before })).status, 401, 'a version never goes down');
  });
});
