import assert from 'node:assert/strict';
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidWebhookSignatureError } from '../src/providers/invalid-webhook-signature.error';
import { paypalSignedMessage } from '../src/providers/paypal/paypal-signature';
import { PayPalWebhookVerifier } from '../src/providers/paypal/paypal-webhook.verifier';

/** A self-signed test certificate (valid 2026–2126) and its key, standing in for PayPal's. */
const fixtures = join(__dirname, '../../test/fixtures');
const CERT = readFileSync(join(fixtures, 'paypal-test.cert.pem'), 'utf8');
const KEY = createPrivateKey(readFileSync(join(fixtures, 'paypal-test.key.pem'), 'utf8'));
const CERT_URL = 'https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-test';
const WEBHOOK_ID = 'WH-LIVE-1';

function headers(body: string, o: { certUrl?: string; time?: number } = {}) {
  const id = randomUUID();
  const time = new Date(o.time ?? Date.now()).toISOString();
  return {
    'paypal-transmission-id': id,
    'paypal-transmission-time': time,
    'paypal-cert-url': o.certUrl ?? CERT_URL,
    'paypal-auth-algo': 'SHA256withRSA',
    'paypal-transmission-sig': sign(
      'sha256',
      Buffer.from(paypalSignedMessage(id, time, WEBHOOK_ID, body)),
      KEY,
    ).toString('base64'),
  };
}

/** A live-mode verifier whose certificate fetches are counted (a stand-in for PayPal's cert host). */
function live(now?: () => number) {
  const fetched: string[] = [];
  const verifier = new PayPalWebhookVerifier({
    webhookId: WEBHOOK_ID,
    fetchCertificate: async (url) => {
      fetched.push(url);
      return CERT;
    },
    ...(now ? { now } : {}),
  });
  return { verifier, fetched };
}

const refused = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof InvalidWebhookSignatureError, String(err));
  assert.match(err.message, pattern);
  return true;
};

describe('payments: PayPal webhook verification in live mode (certificate from PayPal’s hosts)', () => {
  it('verifies with the certificate at the cert URL, fetched once and cached', async () => {
    const { verifier, fetched } = live();
    const body = '{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}';
    await verifier.verify(body, headers(body));
    await verifier.verify(body, headers(body));
    assert.deepEqual(fetched, [CERT_URL]);
    await assert.rejects(verifier.verify(`${body} `, headers(body)), refused(/does not match/));
  });

  it('refuses a certificate URL that is not https on PayPal’s API hosts, without fetching it', async () => {
    const { verifier, fetched } = live();
    const body = '{}';
    for (const certUrl of [
      'http://api-m.paypal.com/v1/notifications/certs/CERT-1',
      'https://api-m.paypal.com.evil.example/cert',
      'https://evil.example/v1/notifications/certs/CERT-1',
      'https://api-m.paypal.com:8443/v1/notifications/certs/CERT-1',
      'https://paypal-sandbox.coordina.invalid/v1/notifications/certs/CERT-SANDBOX',
      'not a url',
    ]) {
      await assert.rejects(verifier.verify(body, headers(body, { certUrl })), refused(/PayPal|URL/), certUrl);
    }
    assert.deepEqual(fetched, []);
  });

  it('refuses a certificate outside its validity dates', async () => {
    const later = Date.parse('2200-01-01T00:00:00Z');
    const { verifier } = live(() => later);
    const body = '{}';
    await assert.rejects(verifier.verify(body, headers(body, { time: later })), refused(/expired/));
  });

  it('refuses another algorithm and a transmission more than five minutes away', async () => {
    const { verifier } = live();
    const body = '{}';
    await assert.rejects(
      verifier.verify(body, { ...headers(body), 'paypal-auth-algo': 'SHA1withRSA' }),
      refused(/auth algo/),
    );
    await assert.rejects(verifier.verify(body, headers(body, { time: Date.now() - 6 * 60_000 })), refused(/five/));
    await assert.rejects(verifier.verify(body, headers(body, { time: Date.now() + 6 * 60_000 })), refused(/five/));
    await verifier.verify(body, headers(body, { time: Date.now() - 4 * 60_000 }));
  });
});
