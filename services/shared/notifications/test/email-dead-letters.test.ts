import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CodigoAccesoEmitido, MailSecrets } from '@coordina/identity/contracts';
import { type ServiceContext, sql } from '@coordina/platform';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { SMTPServer } from 'smtp-server';
import { notificationsService } from '../src';
import { EMAIL_QUEUE, EMAIL_RETRY } from '../src/domain/email.job';
import { adminToken } from './admin.token';
import { SmtpSink } from './smtp.sink';

interface DeadLetterView {
  id: string;
  service: string;
  queue: string;
  data: unknown;
  error: string;
  attempts: number;
}

describe('an email that failed every attempt (issue 13, item 5)', () => {
  let port = 0;
  let app: TestApp;
  let ctx: ServiceContext;
  let admin: string;
  const smtp = new SmtpSink();

  before(async () => {
    // A port that was just free: nothing listens there until the test starts the SMTP server.
    const probe = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    app = await startTestApp({ services: [notificationsService], config: { smtpUrl: `smtp://127.0.0.1:${port}` } });
    const found = app.contexts.get('notifications');
    assert.ok(found);
    ctx = found;
    admin = await adminToken(app);
    // Two attempts a second apart for this test; the queue keeps its real settings otherwise.
    await ctx.queue.define(EMAIL_QUEUE, { ...EMAIL_RETRY, retryLimit: 1, retryDelaySeconds: 1 });
  });
  after(async () => {
    await app?.close();
    await smtp.close();
  });

  const emailOf = async (to: string) =>
    (
      await sql<{ id: string; status: string; attempts: number; lastError: string | null }>`SELECT id, status, attempts,
          last_error AS "lastError" FROM emails WHERE to_address = ${to}`.execute(ctx.db.db)
    ).rows[0];

  it('is FAILED, listed in the dead letters without its secret, and sent once an operator retries it', async () => {
    const to = `dead-${randomUUID().slice(0, 8)}@example.test`;
    const code = '735190';
    await ctx.db.transaction((tx) =>
      ctx.bus.publish(tx, CodigoAccesoEmitido, {
        userId: randomUUID(),
        email: to,
        name: 'Dee',
        locale: 'en',
        system: 'musicfest',
        purpose: 'login_2fa',
        sealedCode: MailSecrets.fromJwtSecret(ctx.config.jwtSecret).seal(code, to),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      }),
    );
    const failed = await eventually(async () => {
      const e = await emailOf(to);
      return e?.status === 'FAILED' ? e : undefined;
    }, 30_000);
    assert.equal(failed.attempts, 2);
    assert.match(failed.lastError ?? '', /ECONNREFUSED|connect/i);

    const list = await app.fetch('/api/ops/dead-letters?service=notifications', { token: admin });
    assert.equal(list.status, 200, list.text);
    const dead = (list.body.items as DeadLetterView[]).find((d) => d.queue === EMAIL_QUEUE);
    assert.ok(dead, JSON.stringify(list.body.items));
    assert.deepEqual(dead.data, { emailId: failed.id });
    assert.equal(dead.attempts, 2);
    assert.ok(!JSON.stringify(dead).includes(code), 'the code is not in the dead letter');

    // SMTP is back on the same port: the operator's retry sends the code, once.
    await smtp.start(port);
    const retried = await app.fetch(`/api/ops/dead-letters/${dead.id}/retry`, { method: 'POST', token: admin });
    assert.equal(retried.status, 200, retried.text);
    const mail = await eventually(async () => smtp.to(to)[0], 20_000);
    assert.match(mail.text, new RegExp(code));
    const sent = await eventually(async () => {
      const e = await emailOf(to);
      return e?.status === 'SENT' ? e : undefined;
    });
    assert.equal(sent.attempts, 3);
    assert.equal(smtp.to(to).length, 1);

    // Another job for the same email (an attempt presumed lost that had in fact sent it) sends nothing.
    const again = `again:${failed.id}`;
    await ctx.queue.send(EMAIL_QUEUE, { emailId: failed.id }, { singletonKey: again });
    await eventually(async () => (await ctx.queue.find(EMAIL_QUEUE, again))?.state === 'completed');
    assert.equal(smtp.to(to).length, 1, 'sent once');
    assert.equal((await emailOf(to))?.attempts, 3);
  });
});
