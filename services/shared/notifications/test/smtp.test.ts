import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { identityService } from '@coordina/identity';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { SMTPServer } from 'smtp-server';
import { notificationsService } from '../src';
import { adminToken } from './admin.token';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

describe('notifications email over SMTP', () => {
  const received: Received[] = [];
  let smtp: SMTPServer;
  let app: TestApp;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    app = await startTestApp({
      services: [identityService, notificationsService],
      config: { smtpUrl: `smtp://127.0.0.1:${port}` },
    });
  });
  after(async () => {
    await app?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('delivers the welcome email to a real SMTP server and marks it SENT', async () => {
    const email = `smtp-${randomUUID().slice(0, 8)}@example.test`;
    const reg = await app.fetch('/api/identity/register', { json: { email, password: 'passphrase 1', name: 'Rosa' } });
    assert.equal(reg.status, 201);
    // Identity also emails a verification code on registration: pick the welcome.
    const message = await eventually(async () =>
      received.find((m) => m.to.includes(email) && /Subject: Bienvenido a Coordina/.test(m.raw)),
    );
    assert.equal(message.from, 'no-reply@coordina.local');
    assert.match(message.raw, /Subject: Bienvenido a Coordina/);
    assert.match(message.raw, /Rosa/);

    const admin = await adminToken(app);
    const log = await eventually(async () => {
      const r = await app.fetch(`/api/notifications/emails?to=${encodeURIComponent(email)}`, { token: admin });
      const welcome = (r.body.items ?? []).find((e: { subject: string }) => e.subject === 'Bienvenido a Coordina');
      return welcome?.status === 'SENT' ? welcome : undefined;
    });
    assert.equal(log.attempts, 1);
  });
});

describe('notifications email when the SMTP server is down', () => {
  let app: TestApp;
  before(async () => {
    // A port that was just free: nothing listens there.
    const probe = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    app = await startTestApp({
      services: [identityService, notificationsService],
      config: { smtpUrl: `smtp://127.0.0.1:${port}` },
    });
  });
  after(() => app?.close());

  it('keeps the email PENDING with the error, to retry later, instead of losing it', async () => {
    const email = `down-${randomUUID().slice(0, 8)}@example.test`;
    assert.equal(
      (await app.fetch('/api/identity/register', { json: { email, password: 'passphrase 1', name: 'D' } })).status,
      201,
    );
    const admin = await adminToken(app);
    const item = await eventually(async () => {
      const r = await app.fetch(`/api/notifications/emails?to=${encodeURIComponent(email)}`, { token: admin });
      const e = r.body.items?.[0];
      return e?.attempts >= 1 && e.lastError ? e : undefined;
    });
    assert.equal(item.status, 'PENDING');
    assert.match(item.lastError, /ECONNREFUSED|connect/i);
  });
});
