import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PaymentsFixture } from './payments.fixture';

describe('payments: provider webhooks', () => {
  let f: PaymentsFixture;
  before(async () => {
    // The sandbox's own webhooks come late: these tests post theirs first.
    f = await PaymentsFixture.start({ sandboxWebhookDelayMs: 120_000 });
  });
  after(() => f.close());

  async function pendingPayment() {
    const cmd = await f.requestPayment();
    const row = await f.waitForStatus(cmd.paymentId, 'PENDING');
    assert.ok(row.providerRef);
    return { cmd, providerRef: row.providerRef };
  }

  it('rejects a webhook with a forged signature as 400 INVALID_SIGNATURE and changes nothing', async () => {
    const { cmd, providerRef } = await pendingPayment();
    const payload = f.intentEvent('payment_intent.succeeded', cmd.paymentId, providerRef);
    const res = await f.postWebhook(payload, { secret: 'whsec_forged' });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'INVALID_SIGNATURE');
    assert.equal((await f.row(cmd.paymentId))?.status, 'PENDING');
    assert.deepEqual(await f.published('pago.autorizado', cmd.paymentId), []);
  });

  it('rejects a webhook without a signature header', async () => {
    const { cmd, providerRef } = await pendingPayment();
    const res = await f.postWebhook(f.intentEvent('payment_intent.succeeded', cmd.paymentId, providerRef), {
      signature: null,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_SIGNATURE');
  });

  it('rejects a replayed webhook whose signed timestamp is older than five minutes', async () => {
    const { cmd, providerRef } = await pendingPayment();
    const payload = f.intentEvent('payment_intent.succeeded', cmd.paymentId, providerRef);
    const res = await f.postWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_SIGNATURE');
    assert.match(res.body.detail, /tolerance/i);
    assert.equal((await f.row(cmd.paymentId))?.status, 'PENDING');
  });

  it('applies the same valid webhook once when it is delivered twice', async () => {
    const { cmd, providerRef } = await pendingPayment();
    const payload = f.intentEvent('payment_intent.succeeded', cmd.paymentId, providerRef);
    const first = await f.postWebhook(payload);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { received: true });
    const second = await f.postWebhook(payload);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, { received: true, duplicate: true });
    assert.equal((await f.published('pago.autorizado', cmd.paymentId)).length, 1);
    assert.equal((await f.row(cmd.paymentId))?.status, 'AUTHORIZED');
  });

  it('ignores an impossible transition: a failure reported after the charge succeeded', async () => {
    const { cmd, providerRef } = await pendingPayment();
    assert.equal(
      (await f.postWebhook(f.intentEvent('payment_intent.succeeded', cmd.paymentId, providerRef))).status,
      200,
    );
    const late = await f.postWebhook(
      f.intentEvent('payment_intent.payment_failed', cmd.paymentId, providerRef, {
        last_payment_error: { code: 'card_declined' },
      }),
    );
    assert.equal(late.status, 200);
    assert.equal(late.body.ignored, true);
    assert.equal((await f.row(cmd.paymentId))?.status, 'AUTHORIZED');
    assert.deepEqual(await f.published('pago.fallido', cmd.paymentId), []);
  });

  it('acknowledges event types it does not act on', async () => {
    const { cmd, providerRef } = await pendingPayment();
    const res = await f.postWebhook(f.intentEvent('payment_intent.created', cmd.paymentId, providerRef));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { received: true, ignored: true });
    assert.equal((await f.row(cmd.paymentId))?.status, 'PENDING');
  });

  it('answers 4xx problem+json for an unknown provider or a signed body that is not a Stripe event', async () => {
    const unknown = await f.postWebhook('{"id":"evt_1"}', { provider: 'bitcoin' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'VALIDATION_FAILED');
    assert.equal(unknown.body.errors[0].field, 'params.provider');
    const shapeless = await f.postWebhook('{"hello":"world"}');
    assert.equal(shapeless.status, 400);
    assert.equal(shapeless.body.code, 'VALIDATION_FAILED');
    const stripeWithoutSecret = await f.postWebhook('{"id":"evt_2"}', { provider: 'stripe', secret: 'whsec_x' });
    assert.equal(stripeWithoutSecret.status, 400);
    assert.equal(stripeWithoutSecret.body.code, 'INVALID_SIGNATURE');
  });
});
