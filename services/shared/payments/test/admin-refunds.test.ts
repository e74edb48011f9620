import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { internalCallerHeaders, sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { PaymentsFixture } from './payments.fixture';

describe('payments: refunds by a platform admin', () => {
  let f: PaymentsFixture;
  let admin: string;
  before(async () => {
    f = await PaymentsFixture.start();
    admin = await f.token(randomUUID(), ['platform_admin']);
  });
  after(() => f.close());

  const refund = (paymentId: string, json: unknown, key: string | undefined, token = admin) =>
    f.app.fetch(`/api/payments/${paymentId}/refund`, {
      token,
      json,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const paid = async (amount: number) => {
    const cmd = await f.requestPayment({ amount });
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    return cmd;
  };
  const refundedAtProvider = async (paymentId: string) => {
    const r = await sql<{ n: number }>`SELECT amount_refunded AS n FROM sandbox_intents
      WHERE idempotency_key = ${paymentId}`.execute(f.ctx.db.db);
    return r.rows[0]?.n;
  };

  /** Waits until the payment's log has an entry of `type` (the provider's webhook confirmed it). */
  const logged = (paymentId: string, type: string) =>
    eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payment_events
        WHERE payment_id = ${paymentId} AND type = ${type}`.execute(f.ctx.db.db);
      return (r.rows[0]?.n ?? 0) > 0;
    });

  it('refunds part of a payment once per Idempotency-Key, then the rest, never more than captured', async () => {
    const cmd = await paid(8_000);
    const key = randomUUID();
    const part = await refund(cmd.paymentId, { amount: 3_000, reason: 'damaged box' }, key);
    assert.equal(part.status, 202, part.text);
    assert.equal(part.body.amount, 3_000);
    assert.deepEqual([part.body.payment.status, part.body.payment.refundedAmount], ['AUTHORIZED', 3_000]);
    const replayed = await refund(cmd.paymentId, { amount: 3_000, reason: 'damaged box' }, key);
    assert.equal(replayed.body.id, part.body.id, "the gateway's Idempotency-Key store answers the first refund");
    // Past the gateway's store (as after it forgot the key): payments itself answers the first refund.
    const again = await f.app.fetch(`/api/payments/${cmd.paymentId}/refund`, {
      token: admin,
      json: { amount: 3_000, reason: 'damaged box' },
      headers: { 'idempotency-key': key, ...internalCallerHeaders(f.app.config) },
    });
    assert.equal(again.status, 202, again.text);
    assert.equal(again.body.id, part.body.id, 'the same key answers the first refund');
    const events = await f.published('pago.parcialmente-reembolsado', cmd.paymentId);
    assert.equal(events.length, 1);
    assert.deepEqual([events[0]?.data.amount, events[0]?.data.refundedTotal], [3_000, 3_000]);
    assert.equal(await refundedAtProvider(cmd.paymentId), 3_000);
    await logged(cmd.paymentId, 'partial_refund_confirmed');

    const tooMuch = await refund(cmd.paymentId, { amount: 5_001, reason: 'too much' }, randomUUID());
    assert.equal(tooMuch.status, 409, tooMuch.text);
    assert.match(tooMuch.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(tooMuch.body.code, 'REFUND_EXCEEDS_CAPTURED');
    assert.equal(tooMuch.body.errors[0].field, 'body.amount');

    const rest = await refund(cmd.paymentId, { reason: 'order returned' }, randomUUID());
    assert.equal(rest.status, 202, rest.text);
    assert.equal(rest.body.amount, 5_000);
    const full = await f.waitForEvent('pago.reembolsado', cmd.paymentId);
    assert.deepEqual([full.data.amount, full.data.reason], [8_000, 'order returned']);
    await f.waitForStatus(cmd.paymentId, 'REFUNDED');
    assert.equal(await refundedAtProvider(cmd.paymentId), 8_000);
    const after = await refund(cmd.paymentId, { amount: 1, reason: 'again' }, randomUUID());
    assert.equal(after.status, 409);
    assert.equal(after.body.code, 'PAYMENT_NOT_CAPTURED');
    const log = await f.app.fetch(`/api/payments/${cmd.paymentId}/log`, { token: admin });
    const types = log.body.entries.map((e: { type: string }) => e.type);
    assert.deepEqual(types.slice(3), [
      'admin_refund',
      'refunded_partially',
      'partial_refund_confirmed',
      'admin_refund',
      'refund_requested',
      'refunded',
    ]);
  });

  it('lets only one of two concurrent refunds through when both together pass the captured amount', async () => {
    const cmd = await paid(5_000);
    const answers = await Promise.all(
      [3_000, 3_000, 3_000].map((amount) => refund(cmd.paymentId, { amount, reason: 'race' }, randomUUID())),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [202, 409, 409], answers.map((a) => a.text).join('\n'));
    assert.equal(await refundedAtProvider(cmd.paymentId), 3_000);
    const row = await sql<{ committed: number }>`SELECT refunds_committed AS committed FROM payments
      WHERE id = ${cmd.paymentId}`.execute(f.ctx.db.db);
    assert.equal(row.rows[0]?.committed, 3_000);
    // The constraint is the last line, whatever the code does.
    await assert.rejects(
      sql`UPDATE payments SET refunds_committed = 5001 WHERE id = ${cmd.paymentId}`.execute(f.ctx.db.db),
      /payments_refunds_within_captured/,
    );
  });

  it('refuses callers other than a platform admin, a missing key, and payments with nothing captured', async () => {
    const cmd = await paid(2_000);
    const owner = await refund(cmd.paymentId, { reason: 'mine' }, randomUUID(), await f.token(cmd.userId));
    assert.equal(owner.status, 403);
    const noKey = await refund(cmd.paymentId, { reason: 'no key' }, undefined);
    assert.equal(noKey.status, 400);
    assert.equal(noKey.body.errors[0].field, 'headers.idempotency-key');
    const noReason = await refund(cmd.paymentId, { amount: 100 }, randomUUID());
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].field, 'body.reason');
    const declined = await f.requestPayment({ paymentMethod: 'pm_card_chargeDeclined' });
    await f.waitForEvent('pago.fallido', declined.paymentId);
    const failed = await refund(declined.paymentId, { reason: 'nothing' }, randomUUID());
    assert.equal(failed.status, 409);
    assert.equal(failed.body.code, 'PAYMENT_NOT_CAPTURED');
    const unknown = await refund(randomUUID(), { reason: 'nothing' }, randomUUID());
    assert.equal(unknown.status, 404);
  });
});
