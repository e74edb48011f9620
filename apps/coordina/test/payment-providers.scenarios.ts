import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { Database, sql } from '@coordina/platform';
import type { Product } from './harness';

/**
 * Payments' PayPal, Yape and Plin webhooks through the gateway, signed here as each provider
 * documents it (independently of payments' own signing code): the gateway must hand the raw
 * body and the signature headers through untouched. The sandboxes' keys are read from the
 * payments database, where the service keeps them.
 */
export function paymentProviderScenarios(name: string, start: () => Promise<Product>): void {
  describe(`payment provider webhooks through the gateway (${name})`, () => {
    let p: Product;
    let db: Database;

    /** A sandbox key from payments' database (made by whichever of us, the service or this test, asks first). */
    const sandboxKey = async (key: string, generate: () => string): Promise<string> => {
      await sql`INSERT INTO sandbox_keys (name, value) VALUES (${key}, ${generate()}) ON CONFLICT DO NOTHING`.execute(
        db.db,
      );
      const r = await sql<{ value: string }>`SELECT value FROM sandbox_keys WHERE name = ${key}`.execute(db.db);
      return r.rows[0]?.value ?? '';
    };

    const post = (provider: string, body: string, headers: Record<string, string>) =>
      p.fetch(`/api/payments/webhooks/${provider}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });

    /** PayPal's transmission headers, as PayPal's docs describe them. */
    const paypalHeaders = async (body: string, time = new Date()) => {
      const pem = await sandboxKey('paypal_signing_key', () =>
        generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      );
      const id = randomUUID();
      const at = time.toISOString();
      const message = `${id}|${at}|WH-COORDINA-SANDBOX|${crc32(Buffer.from(body))}`;
      return {
        'paypal-transmission-id': id,
        'paypal-transmission-time': at,
        'paypal-cert-url': 'https://paypal-sandbox.coordina.invalid/v1/notifications/certs/CERT-SANDBOX',
        'paypal-auth-algo': 'SHA256withRSA',
        'paypal-transmission-sig': sign('sha256', Buffer.from(message), createPrivateKey(pem)).toString('base64'),
      };
    };

    before(async () => {
      p = await start();
      db = new Database(p.databaseUrl('payments'), { max: 1 });
    });
    after(async () => {
      await db?.close();
      await p?.close();
    });

    it('accepts a PayPal webhook signed as PayPal signs it, once, and refuses a stale or forged one', async () => {
      const body = JSON.stringify({
        id: `WH-E2E-${randomUUID()}`,
        event_type: 'PAYMENT.CAPTURE.PENDING',
        resource_type: 'capture',
        resource: { id: 'CAPTURE-1', status: 'PENDING' },
      });
      const first = await post('paypal', body, await paypalHeaders(body));
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.body, { received: true, ignored: true });
      const replay = await post('paypal', body, await paypalHeaders(body));
      assert.deepEqual(replay.body, { received: true, duplicate: true });
      const stale = await post('paypal', body, await paypalHeaders(body, new Date(Date.now() - 10 * 60_000)));
      assert.equal(stale.status, 400);
      assert.match(stale.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(stale.body.code, 'INVALID_SIGNATURE');
      const forged = await post('paypal', body.replace('PENDING', 'COMPLETED'), await paypalHeaders(body));
      assert.equal(forged.status, 400);
      assert.equal(forged.body.code, 'INVALID_SIGNATURE');
    });

    for (const wallet of ['yape', 'plin'] as const) {
      it(`accepts a ${wallet} webhook with the HMAC of its raw body, once, and refuses a forged one`, async () => {
        const secret = await sandboxKey(`${wallet}_webhook_secret`, () => randomBytes(32).toString('hex'));
        // Spacing and key order matter: the HMAC is over the bytes, not the JSON.
        const body = `{ "id": "evt_e2e_${randomBytes(8).toString('hex')}", "type": "charge.pending",  "data": {"id": "chr_1"} }`;
        const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
        const first = await post(wallet, body, { [`x-${wallet}-signature`]: signature });
        assert.equal(first.status, 200, first.text);
        assert.deepEqual(first.body, { received: true, ignored: true });
        const replay = await post(wallet, body, { [`x-${wallet}-signature`]: signature });
        assert.deepEqual(replay.body, { received: true, duplicate: true });
        const forged = await post(wallet, body.replace('pending', 'succeeded'), {
          [`x-${wallet}-signature`]: signature,
        });
        assert.equal(forged.status, 400);
        assert.match(forged.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.equal(forged.body.code, 'INVALID_SIGNATURE');
        const unsigned = await post(wallet, body, {});
        assert.equal(unsigned.status, 400);
        assert.equal(unsigned.body.code, 'INVALID_SIGNATURE');
      });
    }
  });
}
