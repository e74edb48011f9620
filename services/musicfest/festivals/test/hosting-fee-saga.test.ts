import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PagoAutorizado } from '@coordina/payments/contracts';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { festivalsService } from '../src';
import { EventsFixture, type TestUser } from './events.fixture';

/** The hosting-fee saga against hand-made payment replies: no payments service runs here. */
describe('MusicFest hosting-fee saga, with payment replies published by the test', () => {
  let app: TestApp;
  let f: EventsFixture;
  let manager: TestUser;
  const previousTimeout = process.env.MUSICFEST_FEE_TIMEOUT_MS;

  before(async () => {
    process.env.MUSICFEST_FEE_TIMEOUT_MS = '1500';
    app = await startTestApp({ services: [festivalsService], config: { seedDemo: false } });
    f = new EventsFixture(app);
    manager = await f.user(['manager']);
  });
  after(async () => {
    if (previousTimeout === undefined) delete process.env.MUSICFEST_FEE_TIMEOUT_MS;
    else process.env.MUSICFEST_FEE_TIMEOUT_MS = previousTimeout;
    await app?.close();
  });

  async function pending(size = 'small') {
    const res = await f.create(manager.token, f.body({ size }));
    assert.equal(res.status, 202, res.text);
    const charge = await eventually(async () =>
      (await f.paymentCommands(res.body.id)).find((e) => e.topic === 'pago.solicitar'),
    );
    return { id: res.body.id as string, charge: charge.data };
  }

  it('refunds the fee of an event cancelled while its fee was pending, and never publishes it', async () => {
    const e = await pending('medium');
    assert.equal(e.charge.amount, 120_000, 'a medium event pays S/ 1,200');
    const del = await f.app.fetch(`/api/musicfest/events/${e.id}`, {
      method: 'DELETE',
      token: manager.token,
      json: { reason: 'changed my mind' },
    });
    assert.equal(del.status, 202, del.text);
    await f.publish(PagoAutorizado, {
      paymentId: String(e.charge.paymentId),
      sagaId: e.id,
      userId: manager.id,
      amount: 120_000,
      currency: 'PEN',
      provider: 'sandbox',
      providerRef: `pi_${randomUUID()}`,
      reference: String(e.charge.reference),
    });
    const refund = await eventually(async () =>
      (await f.paymentCommands(e.id)).find((c) => c.topic === 'reembolso.solicitar'),
    );
    assert.equal(refund.data.paymentId, e.charge.paymentId);
    const view = (await f.get(e.id, manager.token)).body;
    assert.equal(view.status, 'CANCELLED');
    assert.equal(view.statusReason, 'changed my mind');
    const topics = (await f.outbox(e.id)).map((o) => o.topic);
    assert.ok(!topics.includes('evento.publicado'));
    assert.ok(!topics.includes('evento.cancelado'), 'nothing was on sale, so nobody is told');
  });

  it('declines the event when payments does not answer in time, voiding a late charge', async () => {
    const e = await pending();
    const view = await f.settled(manager.token, e.id);
    assert.equal(view.status, 'FEE_DECLINED');
    assert.match(view.statusReason, /timed out/);
    const refund = (await f.paymentCommands(e.id)).find((c) => c.topic === 'reembolso.solicitar');
    assert.ok(refund, 'a charge that lands late is voided');
  });
});
