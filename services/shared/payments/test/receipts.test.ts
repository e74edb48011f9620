import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PaymentsFixture } from './payments.fixture';
import { pdfText } from './pdf-text';

describe('payments: the digital receipt (PDF)', () => {
  let f: PaymentsFixture;
  before(async () => {
    f = await PaymentsFixture.start();
  });
  after(() => f.close());

  /** The receipt's raw answer (the test app's fetch reads bodies as text). */
  const receipt = async (paymentId: string, token: string) => {
    const res = await fetch(`${f.app.url}/api/payments/${paymentId}/receipt`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  };

  it('gives the payer a PDF with the amount, the payment id and the refunds', async () => {
    const cmd = await f.requestPayment({ amount: 23_600, igvCents: 3_600, reference: `gamevault:${randomUUID()}` });
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    const refund = await f.app.fetch(`/api/payments/${cmd.paymentId}/refund`, {
      token: await f.token(randomUUID(), ['platform_admin']),
      json: { amount: 1_050, reason: 'late delivery' },
      headers: { 'idempotency-key': randomUUID() },
    });
    assert.equal(refund.status, 202, refund.text);
    const r = await receipt(cmd.paymentId, await f.token(cmd.userId));
    assert.equal(r.status, 200, r.bytes.toString());
    assert.equal(r.type, 'application/pdf');
    assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(r.bytes);
    assert.match(text, /Comprobante de pago/);
    assert.ok(text.includes(cmd.paymentId), text);
    assert.ok(text.includes(cmd.reference), text);
    assert.match(text, /Op\. gravada\s*S\/ 200\.00/);
    assert.match(text, /IGV \(18%\)\s*S\/ 36\.00/);
    assert.match(text, /Total pagado: S\/ 236\.00/);
    assert.match(text, /S\/ 10\.50 {2}late delivery/);
    assert.match(text, /Neto: S\/ 225\.50/);
  });

  it('refuses another user, answers an admin, and has no receipt for a declined payment', async () => {
    const cmd = await f.requestPayment();
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    const stranger = await f.app.fetch(`/api/payments/${cmd.paymentId}/receipt`, {
      token: await f.token(randomUUID()),
    });
    assert.equal(stranger.status, 403);
    assert.match(stranger.headers.get('content-type') ?? '', /application\/problem\+json/);
    const admin = await receipt(cmd.paymentId, await f.token(randomUUID(), ['platform_admin']));
    assert.equal(admin.status, 200);
    const text = pdfText(admin.bytes);
    assert.ok(text.includes(cmd.paymentId));
    assert.doesNotMatch(text, /IGV \(18%\)/, 'no breakdown when the charge carried no IGV');
    const declined = await f.requestPayment({ paymentMethod: 'pm_card_chargeDeclined' });
    await f.waitForEvent('pago.fallido', declined.paymentId);
    const none = await f.app.fetch(`/api/payments/${declined.paymentId}/receipt`, {
      token: await f.token(declined.userId),
    });
    assert.equal(none.status, 409);
    assert.equal(none.body.code, 'PAYMENT_NOT_CAPTURED');
    const missing = await f.app.fetch(`/api/payments/${randomUUID()}/receipt`, { token: await f.token(randomUUID()) });
    assert.equal(missing.status, 404);
  });
});
