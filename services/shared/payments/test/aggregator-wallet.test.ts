import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PaymentRejectedError } from '../src/providers/payment-rejected.error';
import { AggregatorWalletProvider } from '../src/providers/wallet/aggregator-wallet.provider';

interface Seen {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A local stand-in for the aggregator's API: records requests and answers like one. */
describe('payments: Yape through the aggregator adapter (against a local aggregator stand-in)', () => {
  const seen: Seen[] = [];
  let server: Server;
  let yape: AggregatorWalletProvider;

  before(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        seen.push({ path: req.url ?? '', headers: req.headers, body });
        const send = (status: number, json: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        if (req.url === '/v2/refunds') return send(201, { id: 'ref_1', object: 'refund' });
        if (body.otp === '999999') return send(400, { object: 'error', code: 'invalid_otp', message: 'Bad code' });
        if (body.otp === '555555') return send(503, { object: 'error', message: 'try later' });
        return send(201, { id: 'chr_live_1', object: 'charge' });
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    yape = new AggregatorWalletProvider('yape', { apiUrl: `http://127.0.0.1:${port}/v2`, apiKey: 'sk_live_test' });
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));

  const input = (approvalCode: string) => ({
    paymentId: '6f1c2a8e-61a4-4c1e-9a57-0d8f0b0c1a11',
    amount: 4500,
    currency: 'PEN',
    paymentMethod: '987654321',
    approvalCode,
    metadata: { reference: 'order-1' },
  });

  it('submits phone, approval code and amount with the payment id as idempotency key', async () => {
    assert.deepEqual(await yape.createPayment(input('123456')), { providerRef: 'chr_live_1', status: 'pending' });
    const req = seen.at(-1);
    assert.equal(req?.path, '/v2/charges');
    assert.equal(req?.headers.authorization, 'Bearer sk_live_test');
    assert.equal(req?.headers['idempotency-key'], '6f1c2a8e-61a4-4c1e-9a57-0d8f0b0c1a11');
    assert.deepEqual(req?.body, {
      source_type: 'yape',
      amount: 4500,
      currency_code: 'PEN',
      phone_number: '987654321',
      otp: '123456',
      metadata: { reference: 'order-1', paymentId: '6f1c2a8e-61a4-4c1e-9a57-0d8f0b0c1a11' },
    });
  });

  it('fails the payment at once when the aggregator refuses the code, and retries on its outages', async () => {
    await assert.rejects(yape.createPayment(input('999999')), (err: unknown) => {
      assert.ok(err instanceof PaymentRejectedError);
      assert.equal(err.reason, 'invalid_otp');
      return true;
    });
    await assert.rejects(yape.createPayment(input('555555')), (err: unknown) => {
      assert.ok(!(err instanceof PaymentRejectedError), 'an outage is retried, not a refusal');
      assert.doesNotMatch(String(err), /555555/, 'the approval code is not in the error');
      return true;
    });
  });

  it('refunds the charge with an idempotency key per charge and amount', async () => {
    await yape.refund('chr_live_1', 4500);
    const req = seen.at(-1);
    assert.equal(req?.path, '/v2/refunds');
    assert.equal(req?.headers['idempotency-key'], 'refund:chr_live_1:4500');
    assert.deepEqual(req?.body, { charge_id: 'chr_live_1', amount: 4500, reason: 'solicitud_comprador' });
  });
});
