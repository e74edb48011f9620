import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { useIdentityApp, wrongCode } from './access.fixtures';
import { emailedCode } from './outbox.reader';

describe('identity two-factor sign-in (MusicFest)', () => {
  const s = useIdentityApp();

  it('answers a password with a 2FA challenge, then the emailed code with the token pair', async () => {
    const account = await s.fx.musicfestAccount();
    const challenge = await s.fx.login(account.email);
    assert.equal(challenge.status, 200);
    assert.deepEqual(Object.keys(challenge.body).sort(), ['challengeId', 'expiresIn', 'twoFactorRequired']);
    assert.equal(challenge.body.twoFactorRequired, true);
    assert.equal(challenge.body.expiresIn, 600);
    assert.equal(challenge.body.accessToken, undefined);
    const code = await emailedCode(s.fx.mail, account.userId, 'login_2fa');
    const done = await s.app.fetch('/api/identity/login/2fa', {
      json: { challengeId: challenge.body.challengeId, code },
    });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.deviceToken, undefined);
    const me = await s.app.fetch('/api/identity/me', { token: done.body.accessToken });
    assert.equal(me.body.id, account.userId);
    const refreshed = await s.app.fetch('/api/identity/refresh', { json: { refreshToken: done.body.refreshToken } });
    assert.equal(refreshed.status, 200);
  });

  it('uses a 2FA code once', async () => {
    const account = await s.fx.musicfestAccount();
    const challenge = await s.fx.login(account.email);
    const code = await emailedCode(s.fx.mail, account.userId, 'login_2fa');
    const json = { challengeId: challenge.body.challengeId, code };
    assert.equal((await s.app.fetch('/api/identity/login/2fa', { json })).status, 200);
    const again = await s.app.fetch('/api/identity/login/2fa', { json });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'INVALID_CODE');
  });

  it('allows 5 wrong codes per challenge, then refuses the right one; an expired code is refused', async () => {
    const account = await s.fx.musicfestAccount();
    const challenge = await s.fx.login(account.email);
    const code = await emailedCode(s.fx.mail, account.userId, 'login_2fa');
    for (let i = 0; i < 5; i++) {
      const res = await s.app.fetch('/api/identity/login/2fa', {
        json: { challengeId: challenge.body.challengeId, code: wrongCode(code) },
      });
      assert.equal(res.status, 400);
    }
    const right = await s.app.fetch('/api/identity/login/2fa', {
      json: { challengeId: challenge.body.challengeId, code },
    });
    assert.equal(right.status, 400);
    assert.equal(right.body.code, 'INVALID_CODE');

    const next = await s.fx.login(account.email);
    const nextCode = await emailedCode(s.fx.mail, account.userId, 'login_2fa');
    await sql`UPDATE access_codes SET expires_at = now() - interval '1 second'
      WHERE id = ${next.body.challengeId}`.execute(s.fx.db);
    const expired = await s.app.fetch('/api/identity/login/2fa', {
      json: { challengeId: next.body.challengeId, code: nextCode },
    });
    assert.equal(expired.status, 400);
  });

  it('remembers a device: its token skips the challenge next time, and only for that account', async () => {
    const account = await s.fx.musicfestAccount();
    const done = await s.fx.loginWith2fa(account, { rememberDevice: true, deviceName: 'Mara laptop' });
    assert.equal(done.status, 200);
    assert.equal(typeof done.body.deviceToken, 'string');
    assert.equal(typeof done.body.accessToken, 'string');
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM trusted_devices
      WHERE token_hash = ${done.body.deviceToken}`.execute(s.fx.db);
    assert.equal(stored.rows[0]?.n, 0, 'only a hash of the device token is stored');

    const issuedBefore = await codesIssued(account.userId);
    const direct = await s.fx.login(account.email, undefined, { deviceToken: done.body.deviceToken });
    assert.equal(direct.status, 200);
    assert.equal(typeof direct.body.accessToken, 'string');
    assert.equal(direct.body.twoFactorRequired, undefined);
    assert.equal(await codesIssued(account.userId), issuedBefore, 'no code emailed');

    const other = await s.fx.musicfestAccount();
    const borrowed = await s.fx.login(other.email, undefined, { deviceToken: done.body.deviceToken });
    assert.equal(borrowed.body.twoFactorRequired, true, "another account's device token does not skip 2FA");

    await sql`UPDATE trusted_devices SET expires_at = now() - interval '1 second'
      WHERE user_id = ${account.userId}`.execute(s.fx.db);
    const stale = await s.fx.login(account.email, undefined, { deviceToken: done.body.deviceToken });
    assert.equal(stale.body.twoFactorRequired, true, 'an expired device asks for the code again');
  });

  it('keeps InStudio sign-in without a second factor', async () => {
    const account = await s.fx.instudioAccount();
    const res = await s.fx.login(account.email);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['accessToken', 'expiresIn', 'refreshToken']);
  });

  async function codesIssued(userId: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'codigo-acceso.emitido' AND key = ${userId}`.execute(s.fx.db);
    return r.rows[0]?.n ?? 0;
  }
});
