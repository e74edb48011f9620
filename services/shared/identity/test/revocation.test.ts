import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useIdentityApp } from './access.fixtures';

describe('identity revocation', () => {
  const s = useIdentityApp();

  const refresh = (refreshToken: string) => s.app.fetch('/api/identity/refresh', { json: { refreshToken } });

  it("logs out everywhere: every refresh token of the caller is revoked, other users' are not", async () => {
    const account = await s.fx.instudioAccount();
    const sessions = [(await s.fx.login(account.email)).body, (await s.fx.login(account.email)).body];
    const rotated = (await refresh(sessions[0].refreshToken)).body;
    const bystander = (await s.fx.login((await s.fx.instudioAccount()).email)).body;

    assert.equal((await s.app.fetch('/api/identity/logout-all', { method: 'POST' })).status, 401);
    const out = await s.app.fetch('/api/identity/logout-all', { method: 'POST', token: sessions[1].accessToken });
    assert.equal(out.status, 204);
    for (const token of [rotated.refreshToken, sessions[1].refreshToken]) {
      const res = await refresh(token);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'INVALID_TOKEN');
    }
    assert.equal((await refresh(bystander.refreshToken)).status, 200);
    assert.equal((await s.fx.login(account.email)).status, 200, 'signing in again works');
  });

  it('revokes the whole family when a rotated MusicFest refresh token is presented again', async () => {
    const account = await s.fx.musicfestAccount();
    const pair = (await s.fx.loginWith2fa(account)).body;
    const rotated = (await refresh(pair.refreshToken)).body;
    assert.equal((await refresh(pair.refreshToken)).status, 401);
    assert.equal((await refresh(rotated.refreshToken)).status, 401);
  });
});
