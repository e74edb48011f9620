import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem, eventually } from '@coordina/platform/testing';
import { CARRIER_SIGNATURE_HEADER, carrierSignature } from '../src/carriers/carrier-signature';
import { carrierSecretOf } from '../src/domain/logistics-secrets';
import { LogisticsFixture } from './logistics.fixture';

describe('GameVault logistics: shipments and the carrier webhooks', () => {
  let f: LogisticsFixture;
  let secret: string;

  before(async () => {
    f = await LogisticsFixture.start();
    secret = carrierSecretOf(undefined, f.app.config.jwtSecret);
  });
  after(() => f?.close());

  const post = (payload: string, signature?: string) =>
    f.app.fetch('/api/gamevault/logistics/webhooks/carrier', {
      method: 'POST',
      body: payload,
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { [CARRIER_SIGNATURE_HEADER]: signature }),
      },
    });
  const event = (type: string, trackingCode: string, id = `evt_test_${randomUUID()}`) =>
    JSON.stringify({ id, type, created: Math.floor(Date.now() / 1000), data: { trackingCode } });

  /** A shipped order: its buyer, id and (once the label is asked) tracking code. */
  const ship = async () => {
    const buyer = await f.caller();
    const orderId = randomUUID();
    await f.prepare(orderId, buyer, [[await f.product('physical'), 'physical', 2]]);
    assert.equal((await f.reply(orderId)).topic, 'entrega.preparada');
    const view = (await f.fulfilment(orderId, buyer)).body;
    return { buyer, orderId, shipment: view.shipment };
  };

  it('labels a shipment, then follows the sandbox carrier: label, in transit, delivered', async () => {
    const { buyer, orderId, shipment } = await ship();
    assert.equal(shipment.carrier, 'sandbox');
    assert.match(shipment.trackingCode, /^SBX[0-9A-F]{12}$/);
    const done = await eventually(async () => {
      const r = await f.fulfilment(orderId, buyer);
      return r.body.shipment.status === 'DELIVERED' ? r.body.shipment : undefined;
    }, 20_000);
    assert.deepEqual(
      done.history.map((h: { status: string }) => h.status),
      ['REQUESTED', 'LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED'],
    );
    const published = await sql<{ status: string }>`SELECT event->'data'->>'status' AS status FROM coordina_outbox
      WHERE topic = 'envio.actualizado' AND key = ${orderId}`.execute(f.ctx.db.db);
    assert.deepEqual(published.rows.map((r) => r.status).sort(), [
      'DELIVERED',
      'IN_TRANSIT',
      'LABEL_CREATED',
      'REQUESTED',
    ]);
  });

  it('applies an event once: a redelivery is a duplicate, a late status changes nothing', async () => {
    const { buyer, orderId, shipment } = await ship();
    const payload = event('shipment.delivered', shipment.trackingCode);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(payload, carrierSignature(payload, secret))),
    );
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(
      answers.filter((a) => a.body.duplicate === true).length,
      4,
      JSON.stringify(answers.map((a) => a.body)),
    );
    const late = event('shipment.in_transit', shipment.trackingCode);
    assert.deepEqual((await post(late, carrierSignature(late, secret))).body, { received: true, ignored: true });
    const view = (await f.fulfilment(orderId, buyer)).body.shipment;
    assert.equal(view.status, 'DELIVERED');
    assert.equal(view.history.filter((h: { status: string }) => h.status === 'DELIVERED').length, 1);
  });

  it('refuses a missing, wrong or stale signature with 400 INVALID_CARRIER_SIGNATURE and a signed malformed body with 400 VALIDATION_FAILED (problem+json)', async () => {
    const { shipment } = await ship();
    const payload = event('shipment.delivered', shipment.trackingCode);
    assertProblem(await post(payload), { status: 400, code: 'INVALID_CARRIER_SIGNATURE' });
    assertProblem(await post(payload, carrierSignature(payload, 'not-the-secret')), {
      status: 400,
      code: 'INVALID_CARRIER_SIGNATURE',
    });
    const stale = Math.floor(Date.now() / 1000) - 3600;
    assertProblem(await post(payload, carrierSignature(payload, secret, stale)), {
      status: 400,
      code: 'INVALID_CARRIER_SIGNATURE',
    });
    const tampered = payload.replace('shipment.delivered', 'shipment.in_transit');
    assertProblem(await post(tampered, carrierSignature(payload, secret)), {
      status: 400,
      code: 'INVALID_CARRIER_SIGNATURE',
    });
    const malformed = JSON.stringify({ id: 'evt_bad', type: 'shipment.lost', created: 1, data: {} });
    assertProblem(await post(malformed, carrierSignature(malformed, secret)), {
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const recorded = await sql<{ n: number }>`SELECT count(*)::int AS n FROM carrier_events
      WHERE event_id = 'evt_bad'`.execute(f.ctx.db.db);
    assert.equal(recorded.rows[0]?.n, 0);
  });
});
