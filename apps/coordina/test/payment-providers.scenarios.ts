import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { Database, sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { GameVaultShop, PAID_OR_LATER } from './gamevault.shop';
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

    /** A payment's log types, as a platform admin reads them. */
    const logTypes = async (paymentId: string, admin: string): Promise<string[]> => {
      const r = await p.fetch(`/api/payments/${paymentId}/log`, { token: admin });
      assert.equal(r.status, 200, r.text);
      return r.body.entries.map((e: { type: string }) => e.type);
    };

    it('lets an admin refund a paid GameVault order in part, then in full; the order shows it', async () => {
      const shop = new GameVaultShop(p);
      const { token, order } = await shop.buy(await shop.listProduct(3, 5_000));
      assert.ok(PAID_OR_LATER.includes(order.status), JSON.stringify(order));
      assert.equal(order.totals.totalCents, 5_900);
      const admin = await p.mint(randomUUID(), ['platform_admin']);
      const refund = (json: unknown, key = randomUUID(), as = admin) =>
        p.fetch(`/api/payments/${order.paymentId}/refund`, { token: as, json, headers: { 'idempotency-key': key } });
      assert.equal((await refund({ reason: 'mine' }, randomUUID(), token)).status, 403, 'a buyer cannot refund');
      const part = await refund({ amount: 900, reason: 'scratched case' });
      assert.equal(part.status, 202, part.text);
      assert.deepEqual([part.body.payment.status, part.body.payment.refundedAmount], ['AUTHORIZED', 900]);
      const over = await refund({ amount: 5_001, reason: 'too much' });
      assert.equal(over.status, 409, over.text);
      assert.equal(over.body.code, 'REFUND_EXCEEDS_CAPTURED');
      const rest = await refund({ reason: 'returned' });
      assert.equal(rest.status, 202, rest.text);
      assert.equal(rest.body.amount, 5_000);
      const refunded = await eventually(
        async () => {
          const r = await p.fetch(`/api/gamevault/orders/${order.id}`, { token });
          return r.body?.refundStatus === 'REFUNDED' ? r.body : undefined;
        },
        30_000,
        200,
      );
      assert.ok(PAID_OR_LATER.includes(refunded.status), refunded.status);
      const payment = await p.fetch(`/api/payments/${order.paymentId}`, { token });
      assert.deepEqual([payment.body.status, payment.body.refundedAmount], ['REFUNDED', 5_900]);
      const types = await logTypes(order.paymentId, admin);
      assert.deepEqual(
        types.filter((t) => ['admin_refund', 'refunded_partially', 'refund_requested', 'refunded'].includes(t)),
        ['admin_refund', 'refunded_partially', 'admin_refund', 'refund_requested', 'refunded'],
      );
    });

    it("downloads a paid order's receipt as a PDF, for its buyer only", async () => {
      const shop = new GameVaultShop(p);
      const { token, order } = await shop.buy(await shop.listProduct(2, 12_345), { quantity: 2 });
      assert.ok(PAID_OR_LATER.includes(order.status), JSON.stringify(order));
      const res = await fetch(`${p.url}/api/payments/${order.paymentId}/receipt`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
      assert.ok(pdf.startsWith('%PDF-'));
      // The metadata names the payment and the amount charged: 2 × 123.45 + IGV 18% = S/ 291.34.
      assert.ok(pdf.includes(`(Comprobante de pago ${order.paymentId})`), 'the title names the payment');
      assert.ok(pdf.includes(`gamevault:${order.id} S/ 291.34`), 'the subject names the order and the total');
      assert.ok(pdf.includes('(IGV S/ 44.44)'), 'the keywords carry the IGV the order charged');
      const stranger = await p.fetch(`/api/payments/${order.paymentId}/receipt`, {
        token: await p.mint(randomUUID(), ['buyer']),
      });
      assert.equal(stranger.status, 403);
    });

    it('retries a charge the provider failed twice and charges it once; three failures cancel the order', async () => {
      const shop = new GameVaultShop(p);
      const admin = await p.mint(randomUUID(), ['platform_admin']);
      const game = await shop.listProduct(4, 2_000);
      const paid = await shop.buy(game, { card: 'pm_card_unavailable_twice' });
      assert.ok(PAID_OR_LATER.includes(paid.order.status), JSON.stringify(paid.order));
      const types = await logTypes(paid.order.paymentId, admin);
      assert.equal(types.filter((t) => t === 'attempt_failed').length, 2, types.join());
      const intents = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sandbox_intents
        WHERE idempotency_key = ${paid.order.paymentId}`.execute(db.db);
      assert.equal(intents.rows[0]?.n, 1, 'charged once');

      const failed = await shop.buy(game, { card: 'pm_card_unavailable' });
      assert.deepEqual(
        [failed.order.status, failed.order.statusReason],
        ['CANCELLED', 'payment declined: provider_unavailable'],
      );
      assert.equal((await logTypes(failed.order.paymentId, admin)).filter((t) => t === 'attempt_failed').length, 3);
      await eventually(async () => (await p.fetch(`/api/gamevault/products/${game}`)).body.stock === 3, 10_000, 100);
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
