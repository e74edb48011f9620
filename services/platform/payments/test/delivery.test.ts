import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
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
  it('retries a webhook delivery with backoff until the endpoint answers 2xx', async () => {
    const f = await PaymentsFixture.start();
    try {
      const reachable = f.app.config.publicUrl;
      f.app.config.publicUrl = 'http://127.0.0.1:9';
      const cmd = await f.requestPayment();
      await eventually(async () => (await deliveries(f, cmd.paymentId))[0]?.lastError);
      f.app.config.publicUrl = reachable;
      await f.waitForEvent('pago.autorizado', cmd.paymentId);
      // The delivery is marked once the 2xx is back, just after the webhook's own commit.
      const row = await eventually(async () => (await deliveries(f, cmd.paymentId)).find((d) => d.deliveredAt));
      assert.ok(row.deliveredAt, 'delivered');
      assert.ok((row?.attempts ?? 0) >= 2, 'after at least one failed attempt');
    } finally {
      await f.close();
    }
  });

  it('delivers a webhook left pending when the process stopped, after a restart', async () => {
    const first = await PaymentsFixture.start({ sandboxWebhookDelayMs: 1000 });
    const { dbPrefix, webhookSecrets, jwtSecret } = first.app.config;
    const cmd = await first.requestPayment();
    await first.waitForStatus(cmd.paymentId, 'PENDING');
    await first.close();
    const second = await PaymentsFixture.start({ dbPrefix, webhookSecrets, jwtSecret, sandboxWebhookDelayMs: 1000 });
    try {
      await second.waitForEvent('pago.autorizado', cmd.paymentId);
      assert.equal((await second.row(cmd.paymentId))?.status, 'AUTHORIZED');
      assert.equal((await deliveries(second, cmd.paymentId))[0]?.attempts, 1);
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
