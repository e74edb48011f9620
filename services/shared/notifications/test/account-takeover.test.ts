import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { identityService } from '@coordina/identity';
import { type ServiceContext, sql } from '@coordina/platform';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { simpleParser } from 'mailparser';
import { notificationsService } from '../src';
import { adminToken } from './admin.token';
import { SmtpSink } from './smtp.sink';

const PASSWORD = 'a fine passphrase';
const TOKEN_IN_LINK = /reset-password\?token=([\w-]+)/g;
const SIX_DIGITS = /\b\d{6}\b/g;

/** Everything a platform admin can read about a recipient's emails through the API. */
async function adminView(app: TestApp, to: string, subject: RegExp): Promise<string> {
  const admin = await adminToken(app);
  const item = await eventually(async () => {
    const r = await app.fetch(`/api/notifications/emails?to=${encodeURIComponent(to)}`, { token: admin });
    assert.equal(r.status, 200, r.text);
    return r.body.items.find((e: { subject: string; status: string }) => subject.test(e.subject));
  });
  return JSON.stringify(item);
}

function ctxOf(app: TestApp, name: string): ServiceContext {
  const ctx = app.contexts.get(name);
  assert.ok(ctx);
  return ctx;
}

/** The whole text of every event identity published on a topic, as it travels on the bus. */
async function busText(app: TestApp, topic: string): Promise<string> {
  const r = await sql<{ event: unknown }>`SELECT event FROM coordina_outbox WHERE topic = ${topic}`.execute(
    ctxOf(app, 'identity').db.db,
  );
  return JSON.stringify(r.rows);
}

/** The delivery jobs notifications queued (their data is stored in PostgreSQL too). */
async function storedText(app: TestApp): Promise<string> {
  const db = ctxOf(app, 'notifications').db.db;
  const tables = await sql<{ t: string }>`SELECT table_name AS t FROM information_schema.tables
    WHERE table_schema = current_schema()`.execute(db);
  const dumps: string[] = [];
  for (const { t } of tables.rows) {
    const rows = await sql<{ r: unknown }>`SELECT to_jsonb(x) AS r FROM ${sql.table(t)} x`.execute(db);
    dumps.push(JSON.stringify(rows.rows));
  }
  return dumps.join('\n');
}

describe('one-time codes and reset links reach only the mailbox (issue 12, item 1)', () => {
  const smtp = new SmtpSink();
  let app: TestApp;

  before(async () => {
    await smtp.start();
    app = await startTestApp({ services: [identityService, notificationsService], config: { smtpUrl: smtp.url } });
  });
  after(async () => {
    await app?.close();
    await smtp.close();
  });

  const mailbox = (to: string, subject: RegExp) =>
    eventually(async () => smtp.to(to).find((m) => subject.test(m.subject)));

  it('an admin reading the emails API finds no usable reset link; the owner resets from the mailbox', async () => {
    const email = `victim-${randomUUID().slice(0, 8)}@example.test`;
    const reg = await app.fetch('/api/identity/register', { json: { email, password: PASSWORD, name: 'Vera' } });
    assert.equal(reg.status, 201, reg.text);
    assert.equal((await app.fetch('/api/identity/password/forgot', { json: { email } })).status, 202);

    // The attacker: a platform admin trying every token the API shows.
    const seen = await adminView(app, email, /contraseña|password/i);
    assert.match(seen, /\[redacted\]/);
    for (const [, token] of seen.matchAll(TOKEN_IN_LINK)) {
      const r = await app.fetch('/api/identity/password/reset', { json: { token, password: 'taken over 123' } });
      assert.notEqual(r.status, 204, 'a reset link leaked through the emails API');
    }
    assert.equal((await app.fetch('/api/identity/login', { json: { email, password: 'taken over 123' } })).status, 401);

    // The owner: the link is in the mailbox, and works.
    const mail = await mailbox(email, /contraseña|password/i);
    const token = [...mail.text.matchAll(TOKEN_IN_LINK)][0]?.[1];
    assert.ok(token, mail.text);
    assert.ok(!(await busText(app, 'restablecimiento-clave.solicitado')).includes(token), 'no clear token on the bus');
    assert.ok(!(await storedText(app)).includes(token), 'no clear token stored by notifications');
    const reset = await app.fetch('/api/identity/password/reset', { json: { token, password: 'my new passphrase' } });
    assert.equal(reset.status, 204, reset.text);
    assert.equal(
      (await app.fetch('/api/identity/login', { json: { email, password: 'my new passphrase' } })).status,
      200,
    );
  });

  it('an admin reading the emails API finds no usable 2FA code; the owner signs in with the mailed one', async () => {
    const email = `fan-${randomUUID().slice(0, 8)}@example.test`;
    const reg = await app.fetch('/api/identity/register', {
      json: {
        email,
        password: PASSWORD,
        name: 'Fabio',
        phone: '+51987654321',
        country: 'PE',
        birthDate: '1990-01-01',
        locale: 'en',
        system: 'musicfest',
      },
    });
    assert.equal(reg.status, 201, reg.text);
    const verification = await mailbox(email, /verification code/);
    assert.doesNotMatch(verification.subject, SIX_DIGITS, 'no code in the Subject');
    const verifyCode = verification.text.match(SIX_DIGITS)?.[0];
    assert.ok(verifyCode, verification.text);
    assert.equal((await app.fetch('/api/identity/verify-email', { json: { email, code: verifyCode } })).status, 204);

    const login = await app.fetch('/api/identity/login', { json: { email, password: PASSWORD } });
    assert.equal(login.body.twoFactorRequired, true, login.text);
    const seen = await adminView(app, email, /sign-in code/);
    assert.match(seen, /\[redacted\]/);
    const guesses = [...new Set(seen.match(SIX_DIGITS) ?? [])].slice(0, 4);
    for (const code of guesses) {
      const r = await app.fetch('/api/identity/login/2fa', { json: { challengeId: login.body.challengeId, code } });
      assert.notEqual(r.status, 200, 'a 2FA code leaked through the emails API');
    }

    const mail = await mailbox(email, /sign-in code/);
    assert.doesNotMatch(mail.subject, SIX_DIGITS, 'no code in the Subject');
    const code = mail.text.match(SIX_DIGITS)?.[0];
    assert.ok(code, mail.text);
    const events = await busText(app, 'codigo-acceso.emitido');
    assert.ok(!events.includes(`"${code}"`) && !events.includes(verifyCode), 'no clear code on the bus');
    const stored = await storedText(app);
    assert.ok(!stored.includes(code) && !stored.includes(verifyCode), 'no clear code stored by notifications');
    const done = await app.fetch('/api/identity/login/2fa', { json: { challengeId: login.body.challengeId, code } });
    assert.equal(done.status, 200, done.text);
    assert.ok(done.body.accessToken);
  });
});

describe('the .eml mailbox of the embedded default gets the code; the emails API does not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-mail-'));
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ services: [identityService, notificationsService], config: { mailDir: dir } });
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the real code to the .eml file and the redacted body to the API', async () => {
    const email = `eml-${randomUUID().slice(0, 8)}@example.test`;
    assert.equal(
      (await app.fetch('/api/identity/register', { json: { email, password: PASSWORD, name: 'Eva' } })).status,
      201,
    );
    const eml = await eventually(async () => {
      for (const file of readdirSync(dir).filter((f) => f.includes(email))) {
        const mail = await simpleParser(readFileSync(join(dir, file)));
        if (mail.subject === 'Tu código de verificación') return mail.text ?? '';
      }
      return undefined;
    });
    const code = eml.match(SIX_DIGITS)?.[0];
    assert.ok(code, eml);
    const seen = await adminView(app, email, /verificación/);
    assert.ok(!seen.includes(code), seen);
    assert.match(seen, /\[redacted\]/);
  });
});
