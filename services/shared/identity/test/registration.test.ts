import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { type TestResponse } from '@coordina/platform/testing';
import { musicfestProfile, PASSWORD, useIdentityApp, wrongCode } from './access.fixtures';
import { emailedCode, published } from './outbox.reader';

function fieldsOf(res: TestResponse): string[] {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.body.code, 'VALIDATION_FAILED');
  return (res.body.errors as { field: string }[]).map((e) => e.field);
}

describe('identity registration and email verification', () => {
  const s = useIdentityApp();

  it('requires phone, country and birth date for a MusicFest account, naming each missing field', async () => {
    const { phone: _p, country: _c, birthDate: _b, ...bare } = musicfestProfile();
    const res = await s.app.fetch('/api/identity/register', { json: bare });
    assert.deepEqual(fieldsOf(res).sort(), ['body.birthDate', 'body.country', 'body.phone']);
    const { phone: _q, ...noPhone } = musicfestProfile();
    assert.deepEqual(fieldsOf(await s.app.fetch('/api/identity/register', { json: noPhone })), ['body.phone']);
  });

  it('rejects an unknown country, a future birth date and a malformed phone', async () => {
    const bad = (patch: Record<string, string>) =>
      s.app.fetch('/api/identity/register', { json: { ...musicfestProfile(), ...patch } });
    assert.ok(fieldsOf(await bad({ country: 'XX' })).includes('body.country'));
    assert.ok(fieldsOf(await bad({ country: 'PER' })).includes('body.country'));
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.ok(fieldsOf(await bad({ birthDate: tomorrow })).includes('body.birthDate'));
    assert.ok(fieldsOf(await bad({ birthDate: '1990-02-30' })).includes('body.birthDate'));
    assert.ok(fieldsOf(await bad({ phone: 'call me' })).includes('body.phone'));
    assert.ok(fieldsOf(await bad({ locale: 'fr' })).includes('body.locale'));
  });

  it('stores the profile and announces it with locale, system, phone and country, plus a verification code', async () => {
    const account = await s.fx.register(musicfestProfile());
    const [registered] = await published(s.fx.db, 'user.registered', account.userId);
    assert.equal(registered.system, 'musicfest');
    assert.equal(registered.locale, 'en');
    assert.equal(registered.phone, '+51987654321');
    assert.equal(registered.country, 'PE');
    const [issued] = await published(s.fx.db, 'codigo-acceso.emitido', account.userId);
    assert.equal(issued.purpose, 'verify_email');
    const code = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    assert.match(code, /^\d{6}$/);
    assert.equal(issued.code, undefined, 'the event carries no clear code');
    assert.ok(!JSON.stringify(issued).includes(code), 'nor the code anywhere else in the event');
    const ttl = (Date.parse(issued.expiresAt) - Date.now()) / 1000;
    assert.ok(ttl > 14 * 60 && ttl <= 15 * 60, `ttl ${ttl}`);
    const row = await sql<{ birth: string; hash: string }>`SELECT to_char(u.birth_date, 'YYYY-MM-DD') AS birth,
        c.code_hash AS hash FROM users u JOIN access_codes c ON c.user_id = u.id
      WHERE u.id = ${account.userId}`.execute(s.fx.db);
    assert.equal(row.rows[0]?.birth, '1990-04-02');
    assert.notEqual(row.rows[0]?.hash, code, 'only a hash of the code is stored');
  });

  it('refuses a MusicFest sign-in before the email is verified, and allows it after verifying with the code', async () => {
    const account = await s.fx.register(musicfestProfile());
    const early = await s.fx.login(account.email);
    assert.equal(early.status, 403);
    assert.equal(early.body.code, 'EMAIL_NOT_VERIFIED');
    const code = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    const verified = await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code } });
    assert.equal(verified.status, 204, verified.text);
    const later = await s.fx.login(account.email);
    assert.equal(later.status, 200);
    assert.equal(later.body.twoFactorRequired, true);
    const again = await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code } });
    assert.equal(again.status, 400, 'a code works once');
    assert.equal(again.body.code, 'INVALID_CODE');
  });

  it('allows at most 5 wrong verification attempts: after them even the right code is refused', async () => {
    const account = await s.fx.register(musicfestProfile());
    const code = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    for (let i = 0; i < 5; i++) {
      const res = await s.app.fetch('/api/identity/verify-email', {
        json: { email: account.email, code: wrongCode(code) },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_CODE');
    }
    const right = await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code } });
    assert.equal(right.status, 400);
    assert.equal((await s.fx.login(account.email)).body.code, 'EMAIL_NOT_VERIFIED');
  });

  it('refuses an expired verification code', async () => {
    const account = await s.fx.register(musicfestProfile());
    const code = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    await sql`UPDATE access_codes SET expires_at = now() - interval '1 second'
      WHERE user_id = ${account.userId}`.execute(s.fx.db);
    const res = await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_CODE');
  });

  it('resends a new code that replaces the old one, and answers 202 for unknown emails too', async () => {
    const account = await s.fx.register(musicfestProfile());
    const old = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    const resent = await s.app.fetch('/api/identity/verify-email/resend', { json: { email: account.email } });
    assert.equal(resent.status, 202);
    const unknown = await s.app.fetch('/api/identity/verify-email/resend', { json: { email: 'nobody@example.test' } });
    assert.equal(unknown.status, 202);
    assert.equal((await published(s.fx.db, 'codigo-acceso.emitido', account.userId)).length, 2);
    const fresh = await emailedCode(s.fx.mail, account.userId, 'verify_email');
    if (fresh !== old) {
      const stale = await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code: old } });
      assert.equal(stale.status, 400, 'the replaced code stops working');
    }
    const ok = await s.app.fetch('/api/identity/verify-email', { json: { email: account.email, code: fresh } });
    assert.equal(ok.status, 204);
  });

  it('keeps InStudio registration as it was: no profile fields, sign-in without verification', async () => {
    const account = await s.fx.instudioAccount();
    const res = await s.fx.login(account.email, PASSWORD);
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.accessToken, 'string');
    const [registered] = await published(s.fx.db, 'user.registered', account.userId);
    assert.equal(registered.system, 'instudio');
    assert.equal(registered.locale, 'es');
  });
});
