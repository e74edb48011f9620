import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { nextChargeAttemptDelay } from '../src/domain/charge-retry.policy';
import { PaymentsFixture } from './payments.fixture';

describe('payments: charges retried after transient provider failures', () => {
  let f: PaymentsFixture;
  before(async () => {
    // The retry (100 ms) comes before the sandbox's webhook (1.5 s): the retry finds the charge.
    f = await PaymentsFixture.start({ sandboxWebhookDelayMs: 1_500 }, { PAYMENTS_CHARGE_RETRY_DELAY_MS: '100' });
  });
  after(() => f.close());

  const logTypes = async (paymentId: string) =>
    (
      await sql<{ type: string }>`SELECT type FROM payment_events WHERE payment_id = ${paymentId} ORDER BY id`.execute(
        f.ctx.db.db,
      )
    ).rows.map((r) => r.type);

  it('pays once after two 503s from the provider, on the third attempt', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_unavailable_twice', amount: 6_000 });
    const event = await f.waitForEvent('pago.autorizado', cmd.paymentId, 20_000);
    assert.equal(event.data.amount, 6_000);
    assert.deepEqual(await logTypes(cmd.paymentId), [
      'requested',
      'attempt_failed',
      'retry_scheduled',
      'attempt_failed',
      'retry_scheduled',
      'submitted',
      'succeeded',
    ]);
    assert.equal(await f.count('sandbox_intents', 'idempotency_key', cmd.paymentId), 1, 'charged once');
    assert.equal((await f.published('pago.autorizado', cmd.paymentId)).length, 1);
  });

  it('declines the payment with provider_unavailable after three failed attempts', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_unavailable' });
    const event = await f.waitForEvent('pago.fallido', cmd.paymentId, 20_000);
    assert.equal(event.data.reason, 'provider_unavailable');
    assert.equal((await f.row(cmd.paymentId))?.status, 'FAILED');
    const types = await logTypes(cmd.paymentId);
    assert.equal(types.filter((t) => t === 'attempt_failed').length, 3);
    assert.equal(types.at(-1), 'failed');
    assert.equal(await f.count('sandbox_intents', 'idempotency_key', cmd.paymentId), 0, 'never charged');
    assert.deepEqual(await f.published('pago.autorizado', cmd.paymentId), []);
  });

  it('charges once when the first answer times out after the provider took the charge', async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_timeout_once' });
    await f.waitForEvent('pago.autorizado', cmd.paymentId, 20_000);
    await f.waitForStatus(cmd.paymentId, 'AUTHORIZED');
    assert.equal(await f.count('sandbox_intents', 'idempotency_key', cmd.paymentId), 1, 'the retry found the charge');
    assert.equal((await f.published('pago.autorizado', cmd.paymentId)).length, 1);
    assert.match((await f.row(cmd.paymentId))?.providerRef ?? '', /^pi_sbx_/);
    const types = await logTypes(cmd.paymentId);
    assert.deepEqual(types.slice(-3), ['retry_scheduled', 'submitted', 'succeeded'], types.join());
  });

  it('waits longer each time, and never past three attempts or five minutes', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    assert.equal(nextChargeAttemptDelay(1, t0, t0, 2_000), 2_000);
    assert.equal(nextChargeAttemptDelay(2, t0, at(2), 2_000), 8_000);
    assert.equal(nextChargeAttemptDelay(3, t0, at(10), 2_000), undefined);
    assert.equal(nextChargeAttemptDelay(1, t0, at(299), 2_000), undefined, 'the next attempt would start after 5 min');
    assert.equal(nextChargeAttemptDelay(2, t0, at(292), 2_000), 8_000);
    assert.equal(nextChargeAttemptDelay(2, t0, at(293), 2_000), undefined);
  });
});

describe('payments: a lost answer confirmed by the webhook before any retry', () => {
  let f: PaymentsFixture;
  before(async () => {
    // The retry waits a minute: only the webhook (20 ms) can settle the payment in this test.
    f = await PaymentsFixture.start({}, { PAYMENTS_CHARGE_RETRY_DELAY_MS: '60000' });
  });
  after(() => f.close());

  it("takes the provider's reference from the webhook and authorizes the payment once", async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_timeout_once' });
    const event = await f.waitForEvent('pago.autorizado', cmd.paymentId);
    const row = await f.row(cmd.paymentId);
    assert.deepEqual([row?.status, event.data.providerRef], ['AUTHORIZED', row?.providerRef]);
    assert.match(String(event.data.providerRef), /^pi_sbx_/);
    assert.equal(await f.count('sandbox_intents', 'idempotency_key', cmd.paymentId), 1);
  });
});
