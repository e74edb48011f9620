import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaymentsSettings } from '../src/payments.settings';

describe('payments: provider settings', () => {
  it('runs every provider beyond cards as its sandbox when nothing is configured (blank is unset)', () => {
    const s = PaymentsSettings.parse({ PAYPAL_CLIENT_ID: ' ', YAPE_WEBHOOK_SECRET: '' });
    assert.equal(s.paypal.live, undefined);
    assert.equal(s.yape.live, undefined);
    assert.equal(s.yape.webhookSecret, undefined);
    assert.equal(s.plin.live, undefined);
  });

  it('makes a provider live only with its whole set of credentials', () => {
    const s = PaymentsSettings.parse({
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_CLIENT_SECRET: 'secret',
      PAYPAL_WEBHOOK_ID: 'WH-1',
      PAYPAL_ENVIRONMENT: 'production',
      PLIN_API_URL: 'https://aggregator.example/v2',
      PLIN_API_KEY: 'key',
      PLIN_WEBHOOK_SECRET: 'whsec',
    });
    assert.deepEqual(s.paypal, {
      live: { clientId: 'id', clientSecret: 'secret', environment: 'production' },
      webhookId: 'WH-1',
    });
    assert.deepEqual(s.plin, {
      live: { apiUrl: 'https://aggregator.example/v2', apiKey: 'key' },
      webhookSecret: 'whsec',
    });
    assert.equal(s.yape.live, undefined);
  });

  it('refuses a partial set, naming every missing variable, and an unknown PayPal environment', () => {
    const partial = PaymentsSettings.schema.safeParse({ PAYPAL_CLIENT_ID: 'id', YAPE_API_KEY: 'key' });
    assert.equal(partial.success, false);
    assert.deepEqual(partial.error?.issues.map((i) => i.path.join('.')).sort(), [
      'PAYPAL_CLIENT_SECRET',
      'PAYPAL_WEBHOOK_ID',
      'YAPE_API_URL',
      'YAPE_WEBHOOK_SECRET',
    ]);
    const environment = PaymentsSettings.schema.safeParse({ PAYPAL_ENVIRONMENT: 'live' });
    assert.deepEqual(
      environment.error?.issues.map((i) => i.path.join('.')),
      ['PAYPAL_ENVIRONMENT'],
    );
  });
});
