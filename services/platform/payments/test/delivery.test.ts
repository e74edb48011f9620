import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { DeliveryBackoffPolicy } from '../src/domain/delivery-backoff.policy';
import { SandboxDeliveriesRepository } from '../src/providers/sandbox/sandbox-deliveries.repository';
import { PaymentsFixture } from './payments.fixture';

interface DeliveryRow {
  attempts: number;
  lastError: string | null;
  deliveredAt: Date | null;
}

async function deliveries(f: PaymentsFixture, paymentId: string): Promise<DeliveryRow[]> {
  const r = await sql<DeliveryRow>`SELECT d.attempts, d.last_error AS "lastError", d.delivered_at AS "deliveredAt"
    FROM sandbox_webhook_deliveries d JOIN sandbox_intents i ON i.id = d.intent_id
    WHERE i.idempotency_key = ${paymentId}`.execute(f.ctx.db.db);
  return r.rows;
}

describe('payments: sandbox webhook delivery', () => {
  it('retries a webhook delivery with growing backoff until the endpoint answers 2xx', async () => {
    const f = await PaymentsFixture.start();
    try {
      // Every change to a delivery row, as the sender wrote it: a claim (attempts counted up) or an
      // outcome, the time set for the next attempt, the error, and now() of that statement.
      await sql`CREATE TABLE test_delivery_history (seq bigserial PRIMARY KEY, claim boolean, attempts int,
          next_attempt_at timestamptz, last_error text, delivered_at timestamptz, at timestamptz)`.execute(f.ctx.db.db);
      await sql`CREATE FUNCTION test_delivery_history() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_delivery_history (claim, attempts, next_attempt_at, last_error, delivered_at, at)
          VALUES (NEW.attempts <> OLD.attempts, NEW.attempts, NEW.next_attempt_at, NEW.last_error, NEW.delivered_at,
            now());
        RETURN NULL; END $$`.execute(f.ctx.db.db);
      await sql`CREATE TRIGGER test_delivery_history AFTER UPDATE ON sandbox_webhook_deliveries
        FOR EACH ROW EXECUTE FUNCTION test_delivery_history()`.execute(f.ctx.db.db);
      const failures = async () =>
        (
          await sql<{ attempts: number; delayMs: number; lastError: string }>`SELECT h.attempts,
              (extract(epoch FROM h.next_attempt_at - h.at) * 1000)::float8 AS "delayMs", h.last_error AS "lastError"
            FROM test_delivery_history h WHERE NOT h.claim AND h.last_error IS NOT NULL ORDER BY h.seq`.execute(
            f.ctx.db.db,
          )
        ).rows;

      const reachable = f.app.config.publicUrl;
      f.app.config.publicUrl = 'http://127.0.0.1:9';
      const cmd = await f.requestPayment();
      // Two failed attempts recorded, each with its retry time, before the endpoint comes back.
      await eventually(async () => (await failures()).length >= 2);
      assert.equal((await deliveries(f, cmd.paymentId))[0]?.deliveredAt, null, 'not delivered while unreachable');
      assert.equal(await f.count('payments', 'id', cmd.paymentId), 1);
      assert.equal((await f.row(cmd.paymentId))?.status, 'PENDING', 'no webhook got through');
      f.app.config.publicUrl = reachable;
      await f.waitForEvent('pago.autorizado', cmd.paymentId);
      // The delivery is marked once the 2xx is back, just after the webhook's own commit.
      const row = await eventually(async () => (await deliveries(f, cmd.paymentId)).find((d) => d.deliveredAt));
      assert.equal(row.lastError, null, 'the success clears the error');

      const failed = await failures();
      assert.ok(failed.length >= 2, 'at least two failed attempts');
      const policy = new DeliveryBackoffPolicy();
      for (const [i, attempt] of failed.entries()) {
        assert.equal(attempt.attempts, i + 1, 'one failure recorded per attempt, in order');
        assert.ok(attempt.lastError.length > 0);
        // The retry was scheduled by the policy, in the very statement that recorded the failure.
        const expected = policy.nextDelayMs(attempt.attempts) ?? -1;
        assert.ok(Math.abs(attempt.delayMs - expected) < 1, `attempt ${i + 1}: ${attempt.delayMs} ms, not ${expected}`);
        if (i > 0) assert.ok(attempt.delayMs > (failed[i - 1]?.delayMs ?? 0), 'the backoff grows');
      }
      assert.equal(row.attempts, failed.length + 1, 'delivered by the attempt after the last failure');
    } finally {
      await f.close();
    }
  });

  it('delivers a webhook left pending when the process stopped, after a restart', async () => {
    // A minute's delay: the first process cannot deliver before it stops.
    const first = await PaymentsFixture.start({ sandboxWebhookDelayMs: 60_000 });
    const { dbPrefix, webhookSecrets, jwtSecret } = first.app.config;
    const cmd = await first.requestPayment();
    await first.waitForStatus(cmd.paymentId, 'PENDING');
    await eventually(async () => (await deliveries(first, cmd.paymentId)).length === 1);
    await first.close();
    const second = await PaymentsFixture.start({ dbPrefix, webhookSecrets, jwtSecret, sandboxWebhookDelayMs: 60_000 });
    try {
      assert.deepEqual(
        await deliveries(second, cmd.paymentId),
        [{ attempts: 0, lastError: null, deliveredAt: null }],
        'left pending: never attempted by the first process',
      );
      assert.equal((await second.row(cmd.paymentId))?.status, 'PENDING');
      // The minute passes: the row falls due while only the second process runs.
      await sql`UPDATE sandbox_webhook_deliveries SET next_attempt_at = now()`.execute(second.ctx.db.db);
      await second.waitForEvent('pago.autorizado', cmd.paymentId);
      assert.equal((await second.row(cmd.paymentId))?.status, 'AUTHORIZED');
      const [delivered] = await eventually(async () => {
        const rows = await deliveries(second, cmd.paymentId);
        return rows[0]?.deliveredAt ? rows : undefined;
      });
      assert.equal(delivered?.attempts, 1, 'delivered by the second process, at its first attempt');
    } finally {
      await second.close();
    }
  });

  it('sleeps while no delivery is pending, and wakes for the next one due', async () => {
    const f = await PaymentsFixture.start({ sandboxWebhookDelayMs: 60_000 });
    try {
      const repo = new SandboxDeliveriesRepository();
      await sql`DELETE FROM sandbox_webhook_deliveries`.execute(f.ctx.db.db);
      // Nothing pending: no due time (an idle sender must not spin on "due now").
      assert.equal(await repo.msUntilNextDue(f.ctx.db.db), undefined);
      const cmd = await f.requestPayment();
      await f.waitForStatus(cmd.paymentId, 'PENDING');
      const ms = await eventually(async () => repo.msUntilNextDue(f.ctx.db.db));
      assert.ok(ms > 50_000 && ms <= 60_000, `next delivery due in about a minute, got ${ms} ms`);
    } finally {
      await f.close();
    }
  });
});
