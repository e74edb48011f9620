import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { PaymentsFixture } from './payments.fixture';

describe('payments: charging through the sandbox provider', () => {
  let f: PaymentsFixture;
  before(async () => {
    f = await PaymentsFixture.start();
  });
  after(() => f.close());

  it('authorizes a pm_card_visa charge when the signed webhook arrives, and publishes pago.autorizado', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_visa', amount: 12_000 });
    const event = await f.waitForEvent('pago.autorizado', cmd.paymentId);
    assert.equal(event.data.sagaId, cmd.sagaId);
    assert.equal(event.data.amount, 12_000);
    assert.equal(event.data.provider, 'sandbox');
    assert.match(String(event.data.providerRef), /^pi_sbx_/);
    const res = await f.app.fetch(`/api/payments/${cmd.paymentId}`, { token: await f.token(cmd.userId) });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'AUTHORIZED');
    assert.equal(res.body.amount, 12_000);
    assert.equal(res.body.currency, 'PEN');
    assert.equal(res.body.reference, cmd.reference);
    assert.equal(res.body.refundedAmount, 0);
    // The webhook's job completes once the endpoint answered 2xx.
    await eventually(async () => {
      const delivered = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
        WHERE name = 'payments.sandbox-webhook' AND state = 'completed'`.execute(f.ctx.db.db);
      return (delivered.rows[0]?.n ?? 0) >= 1;
    });
  });

  it("echoes the asking saga's name on its replies, the webhook's included, and none for a command without it (decision 0117)", async () => {
    const named = await f.requestPayment({ saga: 'instudio.booking' });
    const declined = await f.requestPayment({ saga: 'musicfest.purchase', paymentMethod: 'pm_card_chargeDeclined' });
    const old = await f.requestPayment();
    // Voided before its command arrived: the command fills the name in with the other details.
    const voided = randomUUID();
    await f.requestRefund(voided);
    await f.waitForStatus(voided, 'VOIDED');
    await f.requestPayment({ paymentId: voided, saga: 'gamevault.order' });
    assert.equal((await f.waitForEvent('pago.autorizado', named.paymentId)).data.saga, 'instudio.booking');
    assert.equal((await f.waitForEvent('pago.fallido', declined.paymentId)).data.saga, 'musicfest.purchase');
    await f.waitForStatus(voided, 'CANCELED');
    const stored = await sql<{ saga: string }>`SELECT saga_name AS saga FROM payments WHERE id = ${voided}`.execute(
      f.ctx.db.db,
    );
    assert.equal(stored.rows[0]?.saga, 'gamevault.order');
    const reply = await f.waitForEvent('pago.autorizado', old.paymentId);
    assert.equal('saga' in reply.data, false);
    assert.equal(reply.data.sagaId, old.sagaId);
  });

  it('fails a pm_card_chargeDeclined charge and publishes pago.fallido with the decline code', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_chargeDeclined' });
    const event = await f.waitForEvent('pago.fallido', cmd.paymentId);
    assert.equal(event.data.reason, 'card_declined');
    assert.equal(event.data.sagaId, cmd.sagaId);
    assert.equal((await f.row(cmd.paymentId))?.status, 'FAILED');
    assert.deepEqual(await f.published('pago.autorizado', cmd.paymentId), []);
  });

  it('declines an unknown payment method with reason invalid_payment_method', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_doesNotExist' });
    const event = await f.waitForEvent('pago.fallido', cmd.paymentId);
    assert.equal(event.data.reason, 'invalid_payment_method');
  });

  it('charges once when the same pago.solicitar command is delivered twice', async () => {
    const cmd = await f.requestPayment();
    await f.requestPayment(cmd);
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    await f.waitHandled('pago.solicitar', cmd.paymentId, 2);
    assert.equal(await f.count('payments', 'id', cmd.paymentId), 1);
    assert.equal(await f.count('sandbox_intents', 'idempotency_key', cmd.paymentId), 1);
    assert.equal((await f.published('pago.autorizado', cmd.paymentId)).length, 1);
  });

  it('appends every transition to an immutable transaction log', async () => {
    const cmd = await f.requestPayment();
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    const log = await sql<{ type: string }>`SELECT type FROM payment_events WHERE payment_id = ${cmd.paymentId}
      ORDER BY id`.execute(f.ctx.db.db);
    assert.deepEqual(
      log.rows.map((r) => r.type),
      ['requested', 'submitted', 'succeeded'],
    );
    await assert.rejects(
      sql`UPDATE payment_events SET type = 'forged' WHERE payment_id = ${cmd.paymentId}`.execute(f.ctx.db.db),
      /append-only/,
    );
    await assert.rejects(
      sql`DELETE FROM payment_events WHERE payment_id = ${cmd.paymentId}`.execute(f.ctx.db.db),
      /append-only/,
    );
  });

  it('shows a payment only to its owner or a platform admin', async () => {
    const cmd = await f.requestPayment();
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    const path = `/api/payments/${cmd.paymentId}`;
    const stranger = await f.app.fetch(path, { token: await f.token(randomUUID()) });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.code, 'FORBIDDEN');
    const admin = await f.app.fetch(path, { token: await f.token(randomUUID(), ['platform_admin']) });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.id, cmd.paymentId);
    const anonymous = await f.app.fetch(path);
    assert.equal(anonymous.status, 401);
  });

  it('answers problem+json for a malformed or unknown payment id', async () => {
    const token = await f.token(randomUUID());
    const bad = await f.app.fetch('/api/payments/not-a-uuid', { token });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
    assert.equal(bad.body.errors[0].field, 'params.id');
    const missing = await f.app.fetch(`/api/payments/${randomUUID()}`, { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'NOT_FOUND');
  });
});
