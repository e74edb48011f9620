import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { PASSWORD, useIdentityApp } from './access.fixtures';
import { emailedResetLink, published } from './outbox.reader';

describe('identity password reset', () => {
  const s = useIdentityApp();

  const forgot = (email: string) => s.app.fetch('/api/identity/password/forgot', { json: { email } });
  const reset = (token: string, password: string) =>
    s.app.fetch('/api/identity/password/reset', { json: { token, password } });
  const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';

  it('emails a single-use link that sets the password, revokes every refresh token and works only once', async () => {
    const account = await s.fx.instudioAccount();
    const first = (await s.fx.login(account.email)).body;
    const second = (await s.fx.login(account.email)).body;
    assert.equal((await forgot(account.email)).status, 202);
    const link = await emailedResetLink(s.fx.mail, account.userId);
    assert.ok(link.startsWith(`${s.app.config.publicUrl}/reset-password?token=`), link);
    assert.match(tokenOf(link), /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    const [event] = await published(s.fx.db, 'restablecimiento-clave.solicitado', account.userId);
    assert.ok(!JSON.stringify(event).includes(tokenOf(link)), 'the event carries no clear token');
    const ttl = (Date.parse(event.expiresAt) - Date.now()) / 1000;
    assert.ok(ttl > 29 * 60 && ttl <= 30 * 60, `ttl ${ttl}`);

    assert.equal((await reset(tokenOf(link), 'a new password')).status, 204);
    assert.equal((await s.fx.login(account.email)).status, 401, 'the old password no longer works');
    assert.equal((await s.fx.login(account.email, 'a new password')).status, 200);
    for (const pair of [first, second]) {
      const refreshed = await s.app.fetch('/api/identity/refresh', { json: { refreshToken: pair.refreshToken } });
      assert.equal(refreshed.status, 401, 'refresh tokens issued before the reset are revoked');
    }
    const reused = await reset(tokenOf(link), 'another password');
    assert.equal(reused.status, 400);
    assert.equal(reused.body.code, 'INVALID_CODE');
    assert.equal((await s.fx.login(account.email, 'another password')).status, 401);
  });

  it('refuses the email as the new password (400 naming password) and leaves the link usable', async () => {
    const account = await s.fx.instudioAccount();
    await forgot(account.email);
    const token = tokenOf(await emailedResetLink(s.fx.mail, account.userId));
    const refused = await reset(token, account.email.toUpperCase());
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.body.errors[0].field, 'body.password');
    assert.equal((await reset(token, 'a new password')).status, 204);
  });

  it('refuses an expired link, and stores only a hash of the token', async () => {
    const account = await s.fx.instudioAccount();
    await forgot(account.email);
    const token = tokenOf(await emailedResetLink(s.fx.mail, account.userId));
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM password_resets
      WHERE token_hash = ${token}`.execute(s.fx.db);
    assert.equal(raw.rows[0]?.n, 0);
    await sql`UPDATE password_resets SET expires_at = now() - interval '1 second'
      WHERE user_id = ${account.userId}`.execute(s.fx.db);
    const res = await reset(token, 'a new password');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_CODE');
    assert.equal((await s.fx.login(account.email, PASSWORD)).status, 200);
  });

  it('answers 202 for an unknown email without publishing anything', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'restablecimiento-clave.solicitado'`.execute(s.fx.db);
    assert.equal((await forgot('nobody@example.test')).status, 202);
    const afterCount = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'restablecimiento-clave.solicitado'`.execute(s.fx.db);
    assert.equal(afterCount.rows[0]?.n, before.rows[0]?.n);
  });

  it('clears the lockout: a locked MusicFest account signs in right after resetting', async () => {
    const account = await s.fx.musicfestAccount();
    for (let i = 0; i < 3; i++) await s.fx.login(account.email, 'wrong password');
    assert.equal((await s.fx.login(account.email)).status, 423);
    await forgot(account.email);
    const token = tokenOf(await emailedResetLink(s.fx.mail, account.userId));
    assert.equal((await reset(token, 'a new password')).status, 204);
    const res = await s.fx.login(account.email, 'a new password');
    assert.equal(res.status, 200);
    assert.equal(res.body.twoFactorRequired, true);
  });
});
