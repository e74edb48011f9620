import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { allServices } from '../src/services.registry';

const SALON = '10000000-0000-4000-8000-000000000001';

/** Finds a free slot of the salon's first service on one of the coming days. */
async function freeSlot(app: TestApp, daysAhead = 2) {
  const salon = await app.fetch(`/api/instudio/salons/${SALON}`);
  assert.equal(salon.status, 200, salon.text);
  const serviceId: string = salon.body.services[0].id;
  const date = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const av = await app.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
  assert.equal(av.status, 200, av.text);
  assert.ok(av.body.slots.length > 0, 'the seeded salon has free slots');
  return { serviceId, date, slots: av.body.slots as { stylistId: string; start: string; end: string }[] };
}

describe('InStudio booking end to end through the gateway', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({
      services: allServices,
      config: { seedDemo: true, booking: { holdTimeoutMs: 5000, cancellationWindowHours: 24 } },
    });
  });
  after(() => app.close());

  async function signUp(email: string) {
    const reg = await app.fetch('/api/identity/register', {
      json: { email, password: 'correct horse 1', name: 'Ana' },
    });
    assert.equal(reg.status, 201, reg.text);
    const login = await app.fetch('/api/identity/login', { json: { email, password: 'correct horse 1' } });
    assert.equal(login.status, 200, login.text);
    return login.body.accessToken as string;
  }

  async function book(
    token: string,
    slot: { stylistId: string; start: string },
    serviceId: string,
    paymentMethod: string,
  ) {
    const res = await app.fetch('/api/instudio/bookings', {
      token,
      json: { salonId: SALON, serviceId, stylistId: slot.stylistId, start: slot.start, paymentMethod },
    });
    assert.equal(res.status, 202, res.text);
    return res.body.id as string;
  }

  const settled = (token: string, id: string) =>
    eventually(async () => {
      const r = await app.fetch(`/api/instudio/bookings/${id}`, { token });
      return r.body.status === 'CONFIRMED' || r.body.status === 'CANCELLED' ? r.body : undefined;
    }, 15_000);

  it('registers, logs in, books, pays, gets CONFIRMED and sees a notification', async () => {
    const token = await signUp('ana@e2e.test');
    const { serviceId, slots } = await freeSlot(app);
    const slot = slots[0];
    assert.ok(slot);
    const id = await book(token, slot, serviceId, 'pm_card_visa');
    const booking = await settled(token, id);
    assert.equal(booking.status, 'CONFIRMED');
    const feed = await eventually(async () => {
      const r = await app.fetch('/api/notifications/me', { token });
      return r.body.items?.some((n: { kind: string }) => n.kind.includes('confirm')) ? r.body.items : undefined;
    });
    assert.ok(feed.length >= 1);
  });

  it('ends a declined card CANCELLED with a reason and frees the slot', async () => {
    const token = await signUp('bea@e2e.test');
    const { serviceId, slots, date } = await freeSlot(app, 3);
    const slot = slots[0];
    assert.ok(slot);
    const id = await book(token, slot, serviceId, 'pm_card_chargeDeclined');
    const booking = await settled(token, id);
    assert.equal(booking.status, 'CANCELLED');
    assert.match(booking.statusReason, /declin/i);
    const av = await app.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    assert.ok(
      av.body.slots.some(
        (s: { stylistId: string; start: string }) => s.stylistId === slot.stylistId && s.start === slot.start,
      ),
    );
  });

  it('refunds a cancellation inside the window', async () => {
    const token = await signUp('cal@e2e.test');
    const { serviceId, slots } = await freeSlot(app, 4);
    const slot = slots[0];
    assert.ok(slot);
    const id = await book(token, slot, serviceId, 'pm_card_visa');
    assert.equal((await settled(token, id)).status, 'CONFIRMED');
    const cancel = await app.fetch(`/api/instudio/bookings/${id}/cancel`, { token, method: 'POST' });
    assert.ok(cancel.status === 200 || cancel.status === 202, cancel.text);
    const refunded = await eventually(async () => {
      const r = await app.fetch(`/api/instudio/bookings/${id}`, { token });
      return JSON.stringify(r.body).includes('REFUNDED') ? r.body : undefined;
    }, 15_000);
    assert.equal(refunded.status, 'CANCELLED');
  });

  it('confirms exactly one of 50 parallel bookings of one slot', async () => {
    const tokens = await Promise.all(Array.from({ length: 5 }, (_, i) => signUp(`race${i}@e2e.test`)));
    const { serviceId, slots } = await freeSlot(app, 5);
    const slot = slots[0];
    assert.ok(slot);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.fetch('/api/instudio/bookings', {
          token: tokens[i % 5],
          json: {
            salonId: SALON,
            serviceId,
            stylistId: slot.stylistId,
            start: slot.start,
            paymentMethod: 'pm_card_visa',
          },
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 202);
    assert.equal(accepted.length, 1, `statuses: ${results.map((r) => r.status).join(',')}`);
    assert.ok(results.every((r) => r.status === 202 || r.status === 409));
    const winner = accepted[0];
    assert.ok(winner);
    const owner = tokens[results.indexOf(winner) % 5];
    assert.ok(owner);
    assert.equal((await settled(owner, winner.body.id)).status, 'CONFIRMED');
  });

  it('lets a platform admin see sagas through the ops API', async () => {
    const login = await app.fetch('/api/identity/login', {
      json: { email: 'admin@demo.coordina', password: app.config.demoPassword },
    });
    assert.equal(login.status, 200, login.text);
    const sagas = await app.fetch('/api/ops/sagas', { token: login.body.accessToken });
    assert.equal(sagas.status, 200);
    assert.ok(sagas.body.items.length >= 4);
    assert.ok(
      sagas.body.items.every((s: { status: string }) => s.status === 'COMPLETED' || s.status === 'COMPENSATED'),
    );
  });
});
