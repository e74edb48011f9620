import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { PagoSolicitar } from '../src/contracts';
import { PaymentsFixture } from './payments.fixture';

/** The sandbox's charge behind a payment: its provider and what it refunded. */
async function intentOf(f: PaymentsFixture, paymentId: string) {
  const r = await sql<{ provider: string; amountRefunded: number; paymentMethod: string }>`SELECT provider,
      amount_refunded::int AS "amountRefunded", payment_method AS "paymentMethod"
    FROM sandbox_intents WHERE idempotency_key = ${paymentId}`.execute(f.ctx.db.db);
  return r.rows[0];
}

/** The webhooks payments accepted (not duplicates) for a payment, by provider route. */
async function webhooksOf(f: PaymentsFixture, paymentId: string) {
  const r = await sql<{ provider: string; type: string }>`SELECT provider, type FROM webhook_events
    WHERE payment_id = ${paymentId} ORDER BY received_at`.execute(f.ctx.db.db);
  return r.rows;
}

describe('payments: PayPal, Yape and Plin, each through its sandbox and its signed webhooks', () => {
  let f: PaymentsFixture;
  before(async () => {
    f = await PaymentsFixture.start();
  });
  after(() => f.close());

  it('charges a vaulted PayPal wallet and authorizes it when the signed PAYMENT.CAPTURE.COMPLETED arrives', async () => {
    const cmd = await f.requestPayment({ provider: 'paypal', paymentMethod: 'paypal_vault_ok', amount: 9900 });
    const event = await f.waitForEvent('pago.autorizado', cmd.paymentId);
    assert.equal(event.data.provider, 'paypal');
    assert.match(String(event.data.providerRef), /^ORDER_sbx_/);
    assert.equal(event.data.amount, 9900);
    assert.deepEqual(await webhooksOf(f, cmd.paymentId), [{ provider: 'paypal', type: 'PAYMENT.CAPTURE.COMPLETED' }]);
    const res = await f.app.fetch(`/api/payments/${cmd.paymentId}`, { token: await f.token(cmd.userId) });
    assert.equal(res.body.status, 'AUTHORIZED');
    assert.equal(res.body.provider, 'paypal');
  });

  it('fails a denied PayPal payment with PayPal’s reason', async () => {
    const cmd = await f.requestPayment({ provider: 'paypal', paymentMethod: 'paypal_vault_declined' });
    const event = await f.waitForEvent('pago.fallido', cmd.paymentId);
    assert.equal(event.data.reason, 'PAYMENT_DENIED');
    assert.equal((await f.row(cmd.paymentId))?.status, 'FAILED');
    assert.deepEqual(await f.published('pago.autorizado', cmd.paymentId), []);
  });

  for (const provider of ['yape', 'plin'] as const) {
    it(`charges ${provider} by phone and approval code, confirmed by its HMAC-signed webhook; the code is kept nowhere`, async () => {
      const cmd = await f.requestPayment({ provider, paymentMethod: { phone: '987654321', approvalCode: '482913' } });
      const event = await f.waitForEvent('pago.autorizado', cmd.paymentId);
      assert.equal(event.data.provider, provider);
      assert.deepEqual(await webhooksOf(f, cmd.paymentId), [{ provider, type: 'charge.succeeded' }]);
      const stored = await sql<{ paymentMethod: string }>`SELECT payment_method AS "paymentMethod" FROM payments
        WHERE id = ${cmd.paymentId}`.execute(f.ctx.db.db);
      assert.equal(stored.rows[0]?.paymentMethod, '******321');
      assert.equal((await intentOf(f, cmd.paymentId))?.paymentMethod, '******321');
      // Neither payments' rows, its log, nor the sandbox's webhook jobs hold the approval code.
      const leaks = await sql<{ n: number }>`SELECT
          (SELECT count(*) FROM payments p WHERE row_to_json(p)::text LIKE '%482913%')
        + (SELECT count(*) FROM payment_events e WHERE row_to_json(e)::text LIKE '%482913%')
        + (SELECT count(*) FROM sandbox_intents i WHERE row_to_json(i)::text LIKE '%482913%')
        + (SELECT count(*) FROM pgboss.job j WHERE j.data::text LIKE '%482913%') AS n`.execute(f.ctx.db.db);
      assert.equal(Number(leaks.rows[0]?.n), 0);
    });
  }

  it('fails a Plin payment whose approval code the wallet refuses', async () => {
    const cmd = await f.requestPayment({
      provider: 'plin',
      paymentMethod: { phone: '912345678', approvalCode: '000000' },
    });
    const event = await f.waitForEvent('pago.fallido', cmd.paymentId);
    assert.equal(event.data.reason, 'approval_code_rejected');
    assert.equal((await f.row(cmd.paymentId))?.status, 'FAILED');
  });

  it('refunds each payment through the provider that took it', async () => {
    const paypal = await f.requestPayment({ provider: 'paypal', paymentMethod: 'paypal_vault_ok', amount: 5000 });
    const yape = await f.requestPayment({
      provider: 'yape',
      paymentMethod: { phone: '999888777', approvalCode: '123456' },
      amount: 7000,
    });
    const card = await f.requestPayment({ amount: 3000 });
    for (const cmd of [paypal, yape, card]) await f.waitForEvent('pago.autorizado', cmd.paymentId);
    for (const cmd of [paypal, yape, card]) await f.requestRefund(cmd.paymentId, 'order cancelled');
    for (const cmd of [paypal, yape, card]) {
      const event = await f.waitForEvent('pago.reembolsado', cmd.paymentId);
      assert.equal(event.data.amount, cmd.amount);
    }
    assert.deepEqual(await intentOf(f, paypal.paymentId), {
      provider: 'paypal',
      amountRefunded: 5000,
      paymentMethod: 'paypal_vault_ok',
    });
    assert.equal((await intentOf(f, yape.paymentId))?.provider, 'yape');
    assert.equal((await intentOf(f, yape.paymentId))?.amountRefunded, 7000);
    assert.equal((await intentOf(f, card.paymentId))?.provider, 'sandbox');
    assert.deepEqual(
      (await webhooksOf(f, paypal.paymentId)).map((w) => `${w.provider}:${w.type}`),
      ['paypal:PAYMENT.CAPTURE.COMPLETED', 'paypal:PAYMENT.CAPTURE.REFUNDED'],
    );
    assert.deepEqual(
      (await webhooksOf(f, yape.paymentId)).map((w) => `${w.provider}:${w.type}`),
      ['yape:charge.succeeded', 'yape:charge.refunded'],
    );
  });

  it('refuses a charge command whose payment method does not fit its provider', async () => {
    const base = {
      paymentId: randomUUID(),
      sagaId: randomUUID(),
      userId: randomUUID(),
      amount: 100,
      currency: 'PEN' as const,
      reference: 'order-x',
    };
    const bad = [
      { ...base, provider: 'yape' as const, paymentMethod: 'pm_card_visa' },
      { ...base, provider: 'paypal' as const, paymentMethod: { phone: '987654321', approvalCode: '123456' } },
      { ...base, provider: 'plin' as const, paymentMethod: { phone: '812345678', approvalCode: '123456' } },
      { ...base, provider: 'yape' as const, paymentMethod: { phone: '987654321', approvalCode: '12345' } },
    ];
    for (const data of bad) assert.equal(PagoSolicitar.schema.safeParse(data).success, false, JSON.stringify(data));
    assert.equal(PagoSolicitar.schema.safeParse({ ...base, paymentMethod: 'pm_card_visa' }).success, true);
  });
});

describe('payments: PayPal, Yape and Plin webhook verification', () => {
  let f: PaymentsFixture;
  before(async () => {
    // The sandboxes' own webhooks come late: these tests post theirs first.
    f = await PaymentsFixture.start({ sandboxWebhookDelayMs: 120_000 });
  });
  after(() => f.close());

  async function pending(provider: 'paypal' | 'yape' | 'plin') {
    const cmd = await f.requestPayment(
      provider === 'paypal'
        ? { provider, paymentMethod: 'paypal_vault_ok' }
        : { provider, paymentMethod: { phone: '987654321', approvalCode: '246810' } },
    );
    const row = await f.waitForStatus(cmd.paymentId, 'PENDING');
    assert.ok(row.providerRef);
    await eventually(async () => (await intentOf(f, cmd.paymentId)) !== undefined);
    return { cmd, providerRef: row.providerRef };
  }

  async function unchanged(paymentId: string) {
    assert.equal((await f.row(paymentId))?.status, 'PENDING');
    assert.deepEqual(await f.published('pago.autorizado', paymentId), []);
    assert.deepEqual(await webhooksOf(f, paymentId), []);
  }

  it('applies a PayPal webhook signed as PayPal signs it, once when it is delivered twice', async () => {
    const { cmd, providerRef } = await pending('paypal');
    const payload = f.paypalEvent('PAYMENT.CAPTURE.COMPLETED', cmd.paymentId, providerRef);
    const first = await f.postSigned('paypal', payload, await f.paypalHeaders(payload));
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body, { received: true });
    // PayPal redelivers the same event with a fresh transmission.
    const again = await f.postSigned('paypal', payload, await f.paypalHeaders(payload));
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { received: true, duplicate: true });
    assert.equal((await f.published('pago.autorizado', cmd.paymentId)).length, 1);
    assert.equal((await f.row(cmd.paymentId))?.status, 'AUTHORIZED');
  });

  it('refuses a PayPal webhook signed with another key, with missing headers, or another webhook id', async () => {
    const { cmd, providerRef } = await pending('paypal');
    const payload = f.paypalEvent('PAYMENT.CAPTURE.COMPLETED', cmd.paymentId, providerRef);
    const { generateKeyPairSync } = await import('node:crypto');
    const forged = await f.postSigned(
      'paypal',
      payload,
      await f.paypalHeaders(payload, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    );
    assert.equal(forged.status, 400);
    assert.match(forged.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(forged.body.code, 'INVALID_SIGNATURE');
    const tampered = await f.postSigned(
      'paypal',
      payload.replace('COMPLETED', 'COMPLETED '),
      await f.paypalHeaders(payload),
    );
    assert.equal(tampered.status, 400);
    assert.equal(tampered.body.code, 'INVALID_SIGNATURE');
    const otherHook = await f.postSigned('paypal', payload, await f.paypalHeaders(payload, { webhookId: 'WH-OTHER' }));
    assert.equal(otherHook.body.code, 'INVALID_SIGNATURE');
    const unsigned = await f.postSigned('paypal', payload, {});
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.body.code, 'INVALID_SIGNATURE');
    await unchanged(cmd.paymentId);
  });

  it('refuses a PayPal transmission ten minutes old', async () => {
    const { cmd, providerRef } = await pending('paypal');
    const payload = f.paypalEvent('PAYMENT.CAPTURE.COMPLETED', cmd.paymentId, providerRef);
    const res = await f.postSigned(
      'paypal',
      payload,
      await f.paypalHeaders(payload, { time: new Date(Date.now() - 10 * 60_000) }),
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_SIGNATURE');
    assert.match(res.body.detail, /five minutes/);
    await unchanged(cmd.paymentId);
  });

  it('trusts no other certificate than the sandbox’s while the sandbox is the PayPal adapter', async () => {
    const { cmd, providerRef } = await pending('paypal');
    const payload = f.paypalEvent('PAYMENT.CAPTURE.COMPLETED', cmd.paymentId, providerRef);
    for (const certUrl of ['https://api.paypal.com/v1/notifications/certs/CERT-1', 'http://127.0.0.1:9/cert.pem']) {
      const res = await f.postSigned('paypal', payload, await f.paypalHeaders(payload, { certUrl }));
      assert.equal(res.status, 400, certUrl);
      assert.equal(res.body.code, 'INVALID_SIGNATURE');
    }
    await unchanged(cmd.paymentId);
  });

  for (const provider of ['yape', 'plin'] as const) {
    it(`applies a ${provider} webhook signed with its own secret once, and refuses a forged or missing signature`, async () => {
      const { cmd, providerRef } = await pending(provider);
      const payload = f.walletEvent('charge.succeeded', cmd.paymentId, providerRef);
      const forged = await f.postSigned(provider, payload, await f.walletHeaders(provider, payload, 'not-the-secret'));
      assert.equal(forged.status, 400);
      assert.match(forged.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(forged.body.code, 'INVALID_SIGNATURE');
      const other = provider === 'yape' ? 'plin' : 'yape';
      const crossed = await f.postSigned(provider, payload, {
        [`x-${provider}-signature`]: (await f.walletHeaders(other, payload))[`x-${other}-signature`] ?? '',
      });
      assert.equal(crossed.body.code, 'INVALID_SIGNATURE', 'signed with the other wallet’s secret');
      const missing = await f.postSigned(provider, payload, {});
      assert.equal(missing.status, 400);
      assert.equal(missing.body.code, 'INVALID_SIGNATURE');
      await unchanged(cmd.paymentId);

      const headers = await f.walletHeaders(provider, payload);
      const first = await f.postSigned(provider, payload, headers);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.body, { received: true });
      const replay = await f.postSigned(provider, payload, headers);
      assert.deepEqual(replay.body, { received: true, duplicate: true });
      assert.equal((await f.published('pago.autorizado', cmd.paymentId)).length, 1);
      assert.equal((await f.row(cmd.paymentId))?.status, 'AUTHORIZED');
    });
  }

  it('answers 400 VALIDATION_FAILED for a correctly signed body that is not the provider’s event', async () => {
    const payload = '{"hello":"world"}';
    const paypal = await f.postSigned('paypal', payload, await f.paypalHeaders(payload));
    assert.equal(paypal.status, 400);
    assert.equal(paypal.body.code, 'VALIDATION_FAILED');
    const yape = await f.postSigned('yape', payload, await f.walletHeaders('yape', payload));
    assert.equal(yape.status, 400);
    assert.equal(yape.body.code, 'VALIDATION_FAILED');
  });
});
