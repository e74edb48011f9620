import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { AccessTokens, sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { SANDBOX_WEBHOOK_QUEUE, SANDBOX_WEBHOOK_RETRY } from '../src/providers/sandbox/sandbox-webhook.job';
import { PaymentsFixture } from './payments.fixture';

interface DeliveryJob {
  id: string;
  state: string;
  retryCount: number;
  startAfter: Date;
  priority: number;
}

/** The webhook jobs (platform queue) of one payment's sandbox intent. */
async function deliveries(f: PaymentsFixture, paymentId: string): Promise<DeliveryJob[]> {
  const r = await sql<DeliveryJob>`SELECT j.id, j.state, j.retry_count AS "retryCount", j.start_after AS "startAfter",
      j.priority
    FROM pgboss.job j JOIN sandbox_intents i ON i.id = j.data->'payload'->>'intentId'
    WHERE j.name = ${SANDBOX_WEBHOOK_QUEUE} AND i.idempotency_key = ${paymentId}`.execute(f.ctx.db.db);
  return r.rows;
}

describe('payments: sandbox webhook delivery', () => {
  it('retries a webhook delivery with growing backoff until the endpoint answers 2xx', async () => {
    const f = await PaymentsFixture.start();
    try {
      // Every failed attempt as pg-boss recorded it: the retry count, when the attempt started,
      // when the next one may start, and the error.
      await sql`CREATE TABLE test_delivery_history (seq bigserial PRIMARY KEY, retry_count int, started_on timestamptz,
          start_after timestamptz, error text)`.execute(f.ctx.db.db);
      await sql`CREATE FUNCTION test_delivery_history() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_delivery_history (retry_count, started_on, start_after, error)
          VALUES (NEW.retry_count, NEW.started_on, NEW.start_after, NEW.output->>'message');
        RETURN NULL; END $$`.execute(f.ctx.db.db);
      await sql`CREATE TRIGGER test_delivery_history AFTER INSERT OR UPDATE ON pgboss.job
        FOR EACH ROW WHEN (NEW.name = 'payments.sandbox-webhook' AND NEW.state = 'retry')
        EXECUTE FUNCTION test_delivery_history()`.execute(f.ctx.db.db);
      const failures = async () =>
        (
          await sql<{ retryCount: number; delayMs: number; error: string }>`SELECT DISTINCT ON (retry_count)
              retry_count AS "retryCount", (extract(epoch FROM start_after - started_on) * 1000)::float8 AS "delayMs",
              error
            FROM test_delivery_history ORDER BY retry_count, seq`.execute(f.ctx.db.db)
        ).rows;

      const reachable = f.app.config.publicUrl;
      f.app.config.publicUrl = 'http://127.0.0.1:9';
      const cmd = await f.requestPayment();
      // Two failed attempts recorded, each with its retry time, before the endpoint comes back.
      await eventually(async () => (await failures()).length >= 2, 20_000);
      const [job] = await deliveries(f, cmd.paymentId);
      assert.notEqual(job?.state, 'completed', 'not delivered while unreachable');
      assert.equal(await f.count('payments', 'id', cmd.paymentId), 1);
      assert.equal((await f.row(cmd.paymentId))?.status, 'PENDING', 'no webhook got through');
      f.app.config.publicUrl = reachable;
      await f.waitForEvent('pago.autorizado', cmd.paymentId, 30_000);
      // The job completes once the 2xx is back, just after the webhook's own commit.
      const done = await eventually(async () =>
        (await deliveries(f, cmd.paymentId)).find((d) => d.state === 'completed'),
      );

      const failed = await failures();
      assert.ok(failed.length >= 2, 'at least two failed attempts');
      for (const [i, attempt] of failed.entries()) {
        assert.equal(attempt.retryCount, i, 'one failure recorded per attempt, in order');
        assert.match(attempt.error, /fetch failed|ECONNREFUSED/);
        // pg-boss's exponential backoff: 1 s doubling, with jitter within each doubling.
        assert.ok(attempt.delayMs >= 2 ** i * 1000 - 50, `attempt ${i + 1} retried after only ${attempt.delayMs} ms`);
        if (i > 0) assert.ok(attempt.delayMs > (failed[i - 1]?.delayMs ?? 0), 'the backoff grows');
      }
      assert.equal(done.retryCount, failed.length, 'delivered by the attempt after the last failure');
    } finally {
      await f.close();
    }
  });

  it('delivers a webhook left pending when the process stopped, after a restart, when it falls due', async () => {
    // Due 20 s after the charge: the first process stops long before. The second one learns the
    // due time from its queue's sweep at start and delivers the job when it falls due. (The test
    // once moved the due time to "now" in the table instead: only the next sweep, 30 s later,
    // could see that, and the wait for it lost that race in CI.)
    const delayMs = 20_000;
    const first = await PaymentsFixture.start({ sandboxWebhookDelayMs: delayMs });
    const { dbPrefix, webhookSecrets, jwtSecret } = first.app.config;
    const cmd = await first.requestPayment();
    await first.waitForStatus(cmd.paymentId, 'PENDING');
    const [job] = await eventually(async () => {
      const jobs = await deliveries(first, cmd.paymentId);
      return jobs.length === 1 ? jobs : undefined;
    });
    const dueAt = job?.startAfter.getTime() ?? 0;
    await first.close();
    const second = await PaymentsFixture.start({ dbPrefix, webhookSecrets, jwtSecret, sandboxWebhookDelayMs: delayMs });
    try {
      const [pending] = await deliveries(second, cmd.paymentId);
      assert.ok(
        Date.now() < dueAt,
        'the second process started before the job fell due (a machine this slow fails here)',
      );
      assert.deepEqual(
        { state: pending?.state, retryCount: pending?.retryCount },
        { state: 'created', retryCount: 0 },
        'left pending: never attempted by the first process',
      );
      assert.equal((await second.row(cmd.paymentId))?.status, 'PENDING');
      await eventually(
        async () => (await second.published('pago.autorizado', cmd.paymentId)).length > 0,
        Math.max(0, dueAt - Date.now()) + 10_000,
      );
      assert.ok(Date.now() >= dueAt - 50, 'not delivered before it fell due');
      assert.equal((await second.row(cmd.paymentId))?.status, 'AUTHORIZED');
      const delivered = await eventually(async () =>
        (await deliveries(second, cmd.paymentId)).find((d) => d.state === 'completed'),
      );
      assert.equal(delivered.retryCount, 0, 'delivered by the second process, at its first attempt');
    } finally {
      await second.close();
    }
  });

  it('schedules the webhook when it falls due, at high priority, once per event', async () => {
    const f = await PaymentsFixture.start({ sandboxWebhookDelayMs: 60_000 });
    try {
      const cmd = await f.requestPayment();
      await f.waitForStatus(cmd.paymentId, 'PENDING');
      const [job] = await eventually(async () => {
        const jobs = await deliveries(f, cmd.paymentId);
        return jobs.length > 0 ? jobs : undefined;
      });
      const ms = (job?.startAfter.getTime() ?? 0) - Date.now();
      assert.ok(ms > 50_000 && ms <= 60_000, `next delivery due in about a minute, got ${ms} ms`);
      const queued = await f.ctx.queue.find(SANDBOX_WEBHOOK_QUEUE, await eventIdOf(f, cmd.paymentId));
      assert.equal(queued?.level, 'high');
      // The same charge asked again (a redelivered command) schedules nothing more.
      await f.requestPayment({ paymentId: cmd.paymentId, sagaId: cmd.sagaId, userId: cmd.userId });
      await f.waitHandled('pago.solicitar', cmd.paymentId, 2);
      assert.equal((await deliveries(f, cmd.paymentId)).length, 1);
    } finally {
      await f.close();
    }
  });

  it('dead-letters a webhook that failed every attempt, for an operator to see and retry', async () => {
    const f = await PaymentsFixture.start();
    const admin = await new AccessTokens(f.app.config.jwtSecret, 300).sign({
      id: randomUUID(),
      email: 'ops@x.test',
      roles: ['platform_admin'],
    });
    try {
      // Few, fast retries for this test; the queue keeps its real settings otherwise.
      await f.ctx.queue.define(SANDBOX_WEBHOOK_QUEUE, { ...SANDBOX_WEBHOOK_RETRY, retryLimit: 1 });
      const reachable = f.app.config.publicUrl;
      f.app.config.publicUrl = 'http://127.0.0.1:9';
      const cmd = await f.requestPayment();
      await eventually(async () => (await f.ctx.queue.deadLetters()).length > 0, 20_000);
      // The test app's requests go to the public URL too: back before asking the operators' API.
      f.app.config.publicUrl = reachable;
      const r = await f.app.fetch('/api/ops/dead-letters?service=payments', { token: admin });
      assert.equal(r.status, 200, r.text);
      const items = r.body.items as { id: string; queue: string; data: { intentId: string }; error: string }[];
      const dead = items.find((d) => d.queue === SANDBOX_WEBHOOK_QUEUE);
      assert.ok(dead, JSON.stringify(items));
      assert.match(dead.error, /fetch failed|ECONNREFUSED/);
      assert.equal((await f.row(cmd.paymentId))?.providerRef, dead.data.intentId);
      assert.equal((await f.row(cmd.paymentId))?.status, 'PENDING');

      const retried = await f.app.fetch(`/api/ops/dead-letters/${dead.id}/retry`, { method: 'POST', token: admin });
      assert.equal(retried.status, 200, retried.text);
      await f.waitForStatus(cmd.paymentId, 'AUTHORIZED');
    } finally {
      await f.close();
    }
  });
});

/** The Stripe-format event id of the payment's webhook: the job's singleton key. */
async function eventIdOf(f: PaymentsFixture, paymentId: string): Promise<string> {
  const r = await sql<{ eventId: string }>`SELECT j.data->'payload'->>'eventId' AS "eventId"
    FROM pgboss.job j JOIN sandbox_intents i ON i.id = j.data->'payload'->>'intentId'
    WHERE j.name = ${SANDBOX_WEBHOOK_QUEUE} AND i.idempotency_key = ${paymentId}`.execute(f.ctx.db.db);
  return r.rows[0]?.eventId ?? '';
}
