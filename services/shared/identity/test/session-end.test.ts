import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestApp } from '@coordina/platform/testing';
import { identityService } from '../src';
import { PASSWORD, useIdentityApp } from './access.fixtures';
import { emailedCode, emailedResetLink } from './outbox.reader';

/** The claims of a JWT (its signature is the gateway's business). */
function claims(token: string): { amr?: string[]; email_verified?: boolean; sv?: number } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}

/** Issue 12 items 6 and 9: tokens say how the user signed in; sessions end at once; remembered devices. */
describe('identity: what a token proves and ending sessions', () => {
  const s = useIdentityApp();

  const me = (token: string) => s.app.fetch('/api/identity/me', { token });
  const refresh = (refreshToken: string) => s.app.fetch('/api/identity/refresh', { json: { refreshToken } });

  it('records how the user signed in (amr) and whether the email is verified, and refreshes keep it', async () => {
    const instudio = await s.fx.instudioAccount();
    const plain = (await s.fx.login(instudio.email)).body;
    assert.deepEqual(claims(plain.accessToken).amr, ['pwd']);
    assert.equal(claims(plain.accessToken).email_verified, false);
    assert.equal(claims(plain.accessToken).sv, 0);

    const fan = await s.fx.musicfestAccount();
    const twoFactor = await s.fx.loginWith2fa(fan, { rememberDevice: true, deviceName: 'Phone' });
    assert.equal(twoFactor.status, 200, twoFactor.text);
    assert.deepEqual(claims(twoFactor.body.accessToken).amr, ['pwd', 'otp']);
    assert.equal(claims(twoFactor.body.accessToken).email_verified, true);
    const rotated = await refresh(twoFactor.body.refreshToken);
    assert.equal(rotated.status, 200, rotated.text);
    assert.deepEqual(claims(rotated.body.accessToken).amr, ['pwd', 'otp'], 'a refresh keeps the sign-in proof');

    const remembered = await s.fx.login(fan.email, PASSWORD, { deviceToken: twoFactor.body.deviceToken });
    assert.equal(remembered.status, 200, remembered.text);
    assert.deepEqual(claims(remembered.body.accessToken).amr, ['pwd', 'swk']);
  });

  it("signs an InStudio account in under MusicFest's policy when asked: verified email, then the emailed code", async () => {
    const account = await s.fx.instudioAccount();
    const unverified = await s.fx.login(account.email, PASSWORD, { policy: 'musicfest' });
    assert.equal(unverified.status, 403, unverified.text);
    assert.equal(unverified.body.code, 'EMAIL_NOT_VERIFIED');
    const code = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    assert.equal(
      (await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code } })).status,
      204,
    );
    const challenge = await s.fx.login(account.email, PASSWORD, { policy: 'musicfest' });
    assert.equal(challenge.status, 200, challenge.text);
    assert.equal(challenge.body.twoFactorRequired, true);
    const otp = await emailedCode(s.fx.mail, account.userId, 'login_2fa');
    const done = await s.app.fetch('/api/identity/login/2fa', {
      json: { challengeId: challenge.body.challengeId, code: otp },
    });
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(claims(done.body.accessToken).amr, ['pwd', 'otp']);
    assert.equal(claims(done.body.accessToken).email_verified, true);
    // Without the policy the account still signs in its own (InStudio) way.
    assert.deepEqual(claims((await s.fx.login(account.email)).body.accessToken).amr, ['pwd']);
    const unknown = await s.fx.login(account.email, PASSWORD, { policy: 'elsewhere' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors?.[0]?.field, 'body.policy');
  });

  it('logout-all ends every access token at once; a new sign-in works', async () => {
    const account = await s.fx.instudioAccount();
    const first = (await s.fx.login(account.email)).body;
    const second = (await s.fx.login(account.email)).body;
    assert.equal((await me(second.accessToken)).status, 200);
    const out = await s.app.fetch('/api/identity/logout-all', { token: first.accessToken, method: 'POST' });
    assert.equal(out.status, 204, out.text);
    for (const pair of [first, second]) {
      const res = await me(pair.accessToken);
      assert.equal(res.status, 401, 'an access token issued before logout-all is refused at once');
      assert.equal(res.body.code, 'INVALID_TOKEN');
      assert.equal((await refresh(pair.refreshToken)).status, 401);
    }
    const again = (await s.fx.login(account.email)).body;
    assert.equal(claims(again.accessToken).sv, 1);
    assert.equal((await me(again.accessToken)).status, 200);
  });

  it('a password reset ends every access token at once', async () => {
    const account = await s.fx.instudioAccount();
    const before = (await s.fx.login(account.email)).body;
    assert.equal((await s.app.fetch('/api/identity/password/forgot', { json: { email: account.email } })).status, 202);
    const token = new URL(await emailedResetLink(s.fx.mail, account.userId)).searchParams.get('token');
    const reset = await s.app.fetch('/api/identity/password/reset', { json: { token, password: 'a new password' } });
    assert.equal(reset.status, 204, reset.text);
    assert.equal((await me(before.accessToken)).status, 401);
    const after = (await s.fx.login(account.email, 'a new password')).body;
    assert.equal((await me(after.accessToken)).status, 200);
  });

  it('a restart of the embedded default does not revive the access tokens logout-all ended', async () => {
    const account = await s.fx.instudioAccount();
    const ended = (await s.fx.login(account.email)).body.accessToken;
    assert.equal((await s.app.fetch('/api/identity/logout-all', { token: ended, method: 'POST' })).status, 204);
    // A second process on the same databases and key: its in-memory store starts empty.
    const restarted = await startTestApp({
      services: [identityService],
      config: { dbPrefix: s.app.config.dbPrefix, jwtSecret: s.app.config.jwtSecret },
    });
    try {
      const res = await restarted.fetch('/api/identity/me', { token: ended });
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.code, 'INVALID_TOKEN');
    } finally {
      await restarted.close();
    }
  });

  it('lists the remembered devices and forgets one: its next login asks for the code again', async () => {
    const fan = await s.fx.musicfestAccount();
    const remembered = await s.fx.loginWith2fa(fan, { rememberDevice: true, deviceName: 'Laptop' });
    assert.equal(remembered.status, 200, remembered.text);
    const { accessToken, deviceToken } = remembered.body;
    const list = await s.app.fetch('/api/identity/devices', { token: accessToken });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.items.length, 1);
    const [device] = list.body.items;
    assert.equal(device.name, 'Laptop');
    assert.ok(Date.parse(device.expiresAt) > Date.now() + 29 * 24 * 3600_000);

    const stranger = (await s.fx.login((await s.fx.instudioAccount()).email)).body.accessToken;
    assert.equal((await s.app.fetch('/api/identity/devices', { token: stranger })).body.items.length, 0);
    const theirs = await s.app.fetch(`/api/identity/devices/${device.id}`, { token: stranger, method: 'DELETE' });
    assert.equal(theirs.status, 404, "another user cannot forget someone else's device");
    assert.equal((await s.app.fetch(`/api/identity/devices/${device.id}`, { method: 'DELETE' })).status, 401);
    const bad = await s.app.fetch('/api/identity/devices/not-a-uuid', { token: accessToken, method: 'DELETE' });
    assert.equal(bad.status, 400);

    const skip = await s.fx.login(fan.email, PASSWORD, { deviceToken });
    assert.ok(skip.body.accessToken, 'the remembered device skips the code');
    const gone = await s.app.fetch(`/api/identity/devices/${device.id}`, { token: accessToken, method: 'DELETE' });
    assert.equal(gone.status, 204, gone.text);
    assert.equal((await s.app.fetch('/api/identity/devices', { token: accessToken })).body.items.length, 0);
    const asked = await s.fx.login(fan.email, PASSWORD, { deviceToken });
    assert.equal(asked.body.twoFactorRequired, true, 'a forgotten device no longer skips the code');
    assert.equal(
      (await s.app.fetch(`/api/identity/devices/${device.id}`, { token: accessToken, method: 'DELETE' })).status,
      404,
    );
  });
});
