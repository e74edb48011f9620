import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { PaymentRejectedError } from '../src/providers/payment-rejected.error';
import { StripePaymentProvider } from '../src/providers/stripe.provider';

interface Seen {
  path: string;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
}

/** A local stand-in for api.stripe.com: records requests and answers like Stripe. */
describe('payments: Stripe adapter (against a local Stripe API stand-in)', () => {
  const seen: Seen[] = [];
  let server: Server;
  let provider: StripePaymentProvider;

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        seen.push({ path: req.url ?? '', idempotencyKey: req.headers['idempotency-key'] as string | undefined, form });
        const send = (status: number, json: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        const pm = form.get('payment_method');
        if (req.url === '/v1/refunds') return send(200, { id: 're_1', object: 'refund', status: 'succeeded' });
        if (pm === 'pm_card_chargeDeclined') {
          return send(402, {
            error: {
              type: 'card_error',
              code: 'card_declined',
              message: 'Your card was declined.',
              payment_intent: { id: 'pi_declined', object: 'payment_intent', status: 'requires_payment_method' },
            },
          });
        }
        if (pm === 'pm_missing') {
          return send(400, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such' } });
        }
        return send(200, { id: 'pi_ok', object: 'payment_intent', status: 'succeeded' });
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    const stripe = new Stripe('sk_test_local', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    provider = new StripePaymentProvider('sk_test_local', stripe);
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));

  const input = (paymentMethod: string) => ({
    paymentId: '6f1c2a8e-61a4-4c1e-9a57-0d8f0b0c1a11',
    amount: 4500,
    currency: 'PEN',
    paymentMethod,
    metadata: { reference: 'booking-1' },
  });

  it('confirms a PaymentIntent at once with the payment id as idempotency key', async () => {
    const result = await provider.createPayment(input('pm_card_visa'));
    assert.deepEqual(result, { providerRef: 'pi_ok', status: 'pending' });
    const req = seen.at(-1);
    assert.equal(req?.path, '/v1/payment_intents');
    assert.equal(req?.idempotencyKey, '6f1c2a8e-61a4-4c1e-9a57-0d8f0b0c1a11');
    assert.equal(req?.form.get('confirm'), 'true');
    assert.equal(req?.form.get('currency'), 'pen');
    assert.equal(req?.form.get('amount'), '4500');
    assert.equal(req?.form.get('metadata[paymentId]'), '6f1c2a8e-61a4-4c1e-9a57-0d8f0b0c1a11');
  });

  it('keeps a declined card pending: the payment_failed webhook tells the outcome', async () => {
    const result = await provider.createPayment(input('pm_card_chargeDeclined'));
    assert.deepEqual(result, { providerRef: 'pi_declined', status: 'pending' });
  });

  it('rejects at once a charge Stripe refuses to create', async () => {
    await assert.rejects(provider.createPayment(input('pm_missing')), (err: unknown) => {
      assert.ok(err instanceof PaymentRejectedError);
      assert.equal(err.reason, 'resource_missing');
      return true;
    });
  });

  it('refunds a PaymentIntent with an idempotency key per payment and amount', async () => {
    await provider.refund('pi_ok', 4500);
    const req = seen.at(-1);
    assert.equal(req?.path, '/v1/refunds');
    assert.equal(req?.form.get('payment_intent'), 'pi_ok');
    assert.equal(req?.form.get('amount'), '4500');
    assert.equal(req?.idempotencyKey, 'refund:pi_ok:4500');
  });
});
