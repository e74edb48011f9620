import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PaymentsFixture } from './payments.fixture';

describe('payments: refunds and voids', () => {
  let f: PaymentsFixture;
  before(async () => {
    // Long enough for a refund command to land while the charge is still pending.
    f = await PaymentsFixture.start({ sandboxWebhookDelayMs: 1500 });
  });
  after(() => f.close());

  it('refunds an authorized payment through the provider and publishes pago.reembolsado', async () => {
    const cmd = await f.requestPayment({ amount: 8000 });
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    await f.requestRefund(cmd.paymentId, 'cancelled by client');
    const event = await f.waitForEvent('pago.reembolsado', cmd.paymentId);
    assert.equal(event.data.amount, 8000);
    assert.equal(event.data.reason, 'cancelled by client');
    const res = await f.app.fetch(`/api/payments/${cmd.paymentId}`, { token: await f.token(cmd.userId) });
    assert.equal(res.body.status, 'REFUNDED');
    assert.equal(res.body.refundedAmount, 8000);
    await f.requestRefund(cmd.paymentId, 'asked again');
    await f.waitHandled('reembolso.solicitar', cmd.paymentId, 2);
    assert.equal(
      (await f.published('pago.reembolsado', cmd.paymentId)).length,
      1,
      'a second refund request changes nothing',
    );
  });

  it('voids a pending payment and refunds its late success automatically', async () => {
    const cmd = await f.requestPayment({ amount: 3000 });
    await f.waitForStatus(cmd.paymentId, 'PENDING');
    await f.requestRefund(cmd.paymentId);
    await f.waitForStatus(cmd.paymentId, 'VOIDED');
    const event = await f.waitForEvent('pago.reembolsado', cmd.paymentId);
    assert.equal(event.data.amount, 3000);
    assert.equal((await f.row(cmd.paymentId))?.status, 'REFUNDED');
    assert.deepEqual(await f.published('pago.autorizado', cmd.paymentId), []);
  });

  it('voids a pending payment that is then declined, announcing a refund of 0', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_chargeDeclined' });
    await f.waitForStatus(cmd.paymentId, 'PENDING');
    await f.requestRefund(cmd.paymentId);
    const event = await f.waitForEvent('pago.reembolsado', cmd.paymentId);
    assert.equal(event.data.amount, 0);
    assert.equal((await f.row(cmd.paymentId))?.status, 'CANCELED');
    assert.deepEqual(await f.published('pago.fallido', cmd.paymentId), []);
  });

  it('never charges a payment whose void arrived before its request', async () => {
    const paymentId = randomUUID();
    await f.requestRefund(paymentId, 'saga compensated first');
    await f.waitForStatus(paymentId, 'VOIDED');
    await f.requestPayment({ paymentId });
    const event = await f.waitForEvent('pago.reembolsado', paymentId);
    assert.equal(event.data.amount, 0);
    assert.equal(await f.count('sandbox_intents', 'idempotency_key', paymentId), 0);
    assert.equal((await f.row(paymentId))?.status, 'CANCELED');
  });

  it('does nothing for a refund of a failed payment', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_chargeDeclined' });
    await f.waitForEvent('pago.fallido', cmd.paymentId);
    await f.requestRefund(cmd.paymentId);
    await f.waitHandled('reembolso.solicitar', cmd.paymentId, 1);
    assert.equal((await f.row(cmd.paymentId))?.status, 'FAILED');
    assert.deepEqual(await f.published('pago.reembolsado', cmd.paymentId), []);
  });
});
