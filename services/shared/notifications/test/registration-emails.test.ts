import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { identityService } from '@coordina/identity';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { useNotificationsApp } from './notifications.fixture';

describe('registration emails through identity, in the language chosen at sign-up', () => {
  const notifications = useNotificationsApp({ alongside: [identityService], smtp: true });
  const smtp = notifications.smtp;

  async function register(locale?: 'es' | 'en'): Promise<string> {
    const email = `reg-${randomUUID().slice(0, 8)}@example.test`;
    const r = await notifications.app.fetch('/api/identity/register', {
      json: { email, password: 'passphrase 1', name: 'Rosa', ...(locale ? { locale } : {}) },
    });
    assert.equal(r.status, 201, r.text);
    return email;
  }
  const twoEmails = (to: string) => eventually(async () => (smtp.to(to).length >= 2 ? smtp.to(to) : undefined));

  it('welcomes and sends the verification code in English to an account registered with locale en', async () => {
    const email = await register('en');
    const mails = await twoEmails(email);
    assert.ok(mails.some((m) => m.subject === 'Welcome to Coordina'));
    const codeMail = mails.find((m) => m.subject === 'Your verification code');
    const code = codeMail?.text.match(/\b(\d{6})\b/)?.[1];
    assert.ok(code, mails.map((m) => m.subject).join(' | '));
    assert.ok(codeMail?.text.includes(code));
    const inFeed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
      WHERE strpos(title, ${code}) > 0 OR strpos(body, ${code}) > 0`.execute(notifications.ctx.db.db);
    assert.equal(inFeed.rows[0]?.n, 0);
  });

  it('writes in Spanish to an account registered without a locale', async () => {
    const mails = await twoEmails(await register());
    assert.deepEqual(mails.map((m) => m.subject).sort(), ['Bienvenido a Coordina', 'Tu código de verificación']);
  });

  it('tells the owner, in their language, when someone registers their address again, and sends the caller nothing', async () => {
    const email = await register('en');
    await twoEmails(email);
    const again = await notifications.app.fetch('/api/identity/register', {
      json: { email: email.toUpperCase(), password: 'another passphrase', name: 'Mallory', locale: 'es' },
    });
    assert.equal(again.status, 201, again.text);
    const mails = await eventually(async () => (smtp.to(email).length >= 3 ? smtp.to(email) : undefined));
    const notice = mails.find((m) => m.subject === 'You already have an account with this address');
    assert.ok(notice, mails.map((m) => m.subject).join(' | '));
    assert.match(notice.text, /Hi Rosa/);
    assert.doesNotMatch(notice.text, /Mallory/);
    assert.equal(mails.filter((m) => /verification code/.test(m.subject)).length, 1, 'no code for the second caller');
  });
});
