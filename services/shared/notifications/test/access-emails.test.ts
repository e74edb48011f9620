import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  AccesoSospechosoDetectado,
  CodigoAccesoEmitido,
  CuentaBloqueada,
  MailSecrets,
  RestablecimientoClaveSolicitado,
} from '@coordina/identity/contracts';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { DELIVERY_QUEUE } from '../src/domain/delivery.job';
import { EMAIL_QUEUE } from '../src/domain/email.job';
import { useNotificationsApp } from './notifications.fixture';

const IN_10_MIN = () => new Date(Date.now() + 600_000).toISOString();

describe('access emails (codes, reset links, suspicious sign-ins, lockouts)', () => {
  const notifications = useNotificationsApp({ smtp: true });
  const smtp = notifications.smtp;

  const account = (locale: 'es' | 'en') => ({
    userId: randomUUID(),
    email: `acc-${randomUUID().slice(0, 8)}@example.test`,
    name: locale === 'es' ? 'Lucía' : 'Lucy',
    locale,
    system: 'musicfest' as const,
  });
  const code = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
  const seal = (secret: string, to: string) =>
    MailSecrets.fromJwtSecret(notifications.ctx.config.jwtSecret).seal(secret, to);
  const received = (to: string) => eventually(async () => smtp.to(to)[0]);
  const emailRow = (to: string) =>
    eventually(async () => {
      const r = await sql<{ id: string; subject: string; body: string; status: string; priority: number }>`
        SELECT id, subject, body, status, priority FROM emails WHERE to_address = ${to}`.execute(
        notifications.ctx.db.db,
      );
      return r.rows[0]?.status === 'SENT' ? r.rows : undefined;
    });
  const feedOf = async (userId: string) =>
    (
      await sql<{ kind: string; title: string; body: string }>`SELECT kind, title, body FROM notifications
        WHERE user_id = ${userId}`.execute(notifications.ctx.db.db)
    ).rows;
  const feedMentions = async (text: string) =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
        WHERE strpos(title, ${text}) > 0 OR strpos(body, ${text}) > 0`.execute(notifications.ctx.db.db)
    ).rows[0]?.n;

  it('emails a Spanish verification code to the mailbox only, urgently: not in the Subject, the stored email or the feed', async () => {
    const a = account('es');
    const c = code();
    const id = await notifications.publish(CodigoAccesoEmitido, {
      ...a,
      purpose: 'verify_email',
      sealedCode: seal(c, a.email),
      expiresAt: IN_10_MIN(),
    });
    const mail = await received(a.email);
    assert.equal(mail.subject, 'Tu código de verificación');
    assert.match(mail.text, new RegExp(`Hola Lucía, tu código para verificar tu correo es ${c}\\.`));
    const [row] = await emailRow(a.email);
    assert.equal(row?.priority, 3);
    assert.ok(!row?.body.includes(c) && row?.body.includes('[redacted]'), row?.body);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM emails
      WHERE strpos(body, ${c}) > 0 OR strpos(subject, ${c}) > 0 OR strpos(coalesce(sealed_body, ''), ${c}) > 0`.execute(
      notifications.ctx.db.db,
    );
    assert.equal(stored.rows[0]?.n, 0, 'the code is stored nowhere in clear');
    assert.equal((await notifications.ctx.queue.find(DELIVERY_QUEUE, `event:${id}`))?.level, 'urgent');
    // The email's own job (sending it) is urgent too: a code never waits behind other emails.
    assert.equal((await notifications.ctx.queue.find(EMAIL_QUEUE, row?.id ?? ''))?.level, 'urgent');
    assert.deepEqual(await feedOf(a.userId), []);
    assert.equal(await feedMentions(c), 0);
  });

  it('emails an English sign-in code to the address in the event', async () => {
    const a = account('en');
    const c = code();
    await notifications.publish(CodigoAccesoEmitido, {
      ...a,
      purpose: 'login_2fa',
      sealedCode: seal(c, a.email),
      expiresAt: IN_10_MIN(),
    });
    const mail = await received(a.email);
    assert.equal(mail.subject, 'Your sign-in code');
    assert.match(mail.text, new RegExp(`Hi Lucy, your code to sign in is ${c}\\.`));
    assert.equal(await feedMentions(c), 0);
  });

  it('emails the password reset link verbatim in both languages to the mailbox only: stored redacted, not in the feed', async () => {
    for (const locale of ['es', 'en'] as const) {
      const a = account(locale);
      const link = `https://coordina.test/reset-password?token=${randomUUID()}&x=1`;
      await notifications.publish(RestablecimientoClaveSolicitado, {
        ...a,
        sealedLink: seal(link, a.email),
        expiresAt: IN_10_MIN(),
      });
      const mail = await received(a.email);
      assert.equal(mail.subject, locale === 'es' ? 'Restablece tu contraseña' : 'Reset your password');
      assert.ok(mail.text.includes(link), mail.text);
      const [row] = await emailRow(a.email);
      assert.ok(!row?.body.includes(link) && row?.body.includes('[redacted]'), row?.body);
      assert.deepEqual(await feedOf(a.userId), []);
      assert.equal(await feedMentions(link), 0);
    }
  });

  it('tells of a suspicious sign-in by email and in the feed', async () => {
    const a = account('en');
    await notifications.publish(AccesoSospechosoDetectado, {
      ...a,
      reasons: ['new_device', 'new_country'],
      device: 'Firefox on Linux',
      country: 'CL',
      at: new Date().toISOString(),
    });
    const mail = await received(a.email);
    assert.equal(mail.subject, 'New sign-in to your account');
    assert.match(mail.text, /a new device \(Firefox on Linux\) and a new country \(CL\)/);
    assert.match(mail.text, /change your password/);
    const feed = await feedOf(a.userId);
    assert.deepEqual(
      feed.map((n) => n.kind),
      ['suspicious_login'],
    );
  });

  it('escapes and bounds user-written text (name, User-Agent) in a suspicious-login email (issue 12, item 10)', async () => {
    const a = { ...account('en'), name: 'Eve <img src=x onerror=alert(1)>\n\nPlease confirm at https://evil.test' };
    const device = `<script>steal()</script> ${'Mozilla/5.0 '.repeat(30)}`.slice(0, 300);
    await notifications.publish(AccesoSospechosoDetectado, {
      ...a,
      reasons: ['new_device'],
      device,
      at: new Date().toISOString(),
    });
    const mail = await received(a.email);
    assert.ok(!/<img|<script/i.test(mail.html), mail.html);
    assert.match(mail.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(mail.html, /&lt;script&gt;steal\(\)&lt;\/script&gt;/);
    const greeting = mail.text.split('\n')[0] ?? '';
    assert.match(greeting, /^Hi Eve <img src=x onerror=alert\(1\)> Please confirm at https:\/\/evil\.test\. /);
    const shown = /a new device \(([^)]*(?:\)[^)]*)?)\)/.exec(mail.text)?.[1] ?? '';
    assert.ok(shown.length <= 80 && shown.endsWith('…'), `device shown as ${shown.length} chars: ${shown}`);
  });

  it('emails a Spanish lockout notice with the failures and the time it ends', async () => {
    const a = account('es');
    await notifications.publish(CuentaBloqueada, { ...a, failures: 3, until: IN_10_MIN() });
    const mail = await received(a.email);
    assert.equal(mail.subject, 'Tu cuenta está bloqueada temporalmente');
    assert.match(mail.text, /tras 3 intentos fallidos bloqueamos tu cuenta hasta el/);
    const [row] = await emailRow(a.email);
    assert.equal(row?.priority, 3);
  });
});
