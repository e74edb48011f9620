import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { salonsService } from '@coordina/instudio-salons';
import { paymentsService } from '@coordina/payments';
import { Database, sql, withDatabase } from '@coordina/platform';
import { databaseName } from '@coordina/platform/runtime';
import { budget, eventually, startTestApp, type TestApp, testPostgresUrl } from '@coordina/platform/testing';
import { bookingService } from '../src';
import {
  BookingFixture,
  DEMO_SALON_ADMIN,
  DIEGO,
  HAIRCUT,
  MIRAFLORES,
  type TestSlot,
  VALERIA,
} from './booking.fixture';

const sameSlot = (a: TestSlot) => (b: TestSlot) => a.stylistId === b.stylistId && a.start === b.start;

describe('InStudio booking with payments', () => {
  let app: TestApp;
  let f: BookingFixture;

  before(async () => {
    app = await startTestApp({
      services: [salonsService, bookingService, paymentsService],
      config: {
        seedDemo: true,
        sandboxWebhookDelayMs: 20,
      },
      env: { BOOKING_HOLD_TIMEOUT_MS: String(budget(3_000)), BOOKING_CANCELLATION_WINDOW_HOURS: '24' },
    });
    f = new BookingFixture(app);
  });
  after(() => app?.close());

  it("lists free slots inside salon and stylist hours, in the salon's offset, every 15 minutes", async () => {
    const slots = await f.slots(f.date(2));
    assert.ok(slots.length > 0);
    for (const s of slots) assert.match(s.start, /T\d{2}:(00|15|30|45):00-05:00$/);
    const valeria = slots.filter((s) => s.stylistId === VALERIA).map((s) => s.start.slice(11, 16));
    const diego = slots.filter((s) => s.stylistId === DIEGO).map((s) => s.start.slice(11, 16));
    assert.equal(valeria[0], '09:00');
    assert.equal(valeria.at(-1), '18:00', 'a 60-minute service ends by 19:00');
    assert.equal(diego[0], '10:00');
    assert.equal(diego.at(-1), '17:00', 'Diego works 10:00-18:00');
    const first = slots[0];
    assert.ok(first);
    assert.equal(new Date(first.end).getTime() - new Date(first.start).getTime(), 60 * 60_000);
  });

  it('hides a booked slot, and the slots overlapping it, from availability as soon as it is held', async () => {
    const client = await f.user();
    const date = f.date(3);
    const slot = (await f.slots(date)).find((s) => s.stylistId === VALERIA && s.start.includes('T11:00'));
    assert.ok(slot);
    const res = await f.book(client.token, slot);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.status, 'HELD');
    const after = await f.slots(date);
    const valeria = after.filter((s) => s.stylistId === VALERIA).map((s) => s.start.slice(11, 16));
    for (const t of ['10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '11:45'])
      assert.ok(!valeria.includes(t), `${t} overlaps the booking`);
    assert.ok(valeria.includes('10:00') && valeria.includes('12:00'));
    assert.ok(
      after.some((s) => s.stylistId === DIEGO && s.start === slot.start),
      'Diego is still free',
    );
    assert.equal((await f.settled(client.token, res.body.id)).status, 'CONFIRMED');
  });

  it('confirms a booking paid with pm_card_visa and shows it to its client, its salon admin and nobody else', async () => {
    const client = await f.user();
    const slot = (await f.slots(f.date(4)))[0];
    assert.ok(slot);
    const res = await f.book(client.token, slot, 'pm_card_visa');
    assert.equal(res.status, 202, res.text);
    const booking = await f.settled(client.token, res.body.id);
    assert.equal(booking.status, 'CONFIRMED');
    assert.equal(booking.paymentStatus, 'AUTHORIZED');
    // S/ 60.00, less the demo salon's 10% promotion when the salons service serves one.
    assert.equal(booking.price, booking.promotionId ? 5400 : 6000);
    assert.equal(booking.start, slot.start);
    assert.equal(booking.serviceId, HAIRCUT);
    const admin = await f.user(['salon_admin'], DEMO_SALON_ADMIN);
    assert.equal((await f.get(admin.token, res.body.id)).status, 200);
    assert.equal((await f.get((await f.user(['platform_admin'])).token, res.body.id)).status, 200);
    assert.equal((await f.get((await f.user()).token, res.body.id)).status, 403);
    assert.equal((await f.get((await f.user(['salon_admin'])).token, res.body.id)).status, 403);
    const mine = await app.fetch('/api/instudio/bookings', { token: client.token });
    assert.deepEqual(
      mine.body.items.map((b: { id: string }) => b.id),
      [res.body.id],
    );
    const topics = (await f.published(res.body.id)).map((e) => e.topic);
    assert.deepEqual(topics, ['reserva.creada', 'reserva.confirmada']);
  });

  it('cancels a booking whose card is declined, with the reason, and frees its slot for a new booking', async () => {
    const client = await f.user();
    const date = f.date(5);
    const slot = (await f.slots(date))[0];
    assert.ok(slot);
    const res = await f.book(client.token, slot, 'pm_card_chargeDeclined');
    assert.equal(res.status, 202, res.text);
    const booking = await f.settled(client.token, res.body.id);
    assert.equal(booking.status, 'CANCELLED');
    assert.match(booking.statusReason, /payment declined/);
    assert.equal(booking.paymentStatus, 'FAILED');
    const cancelled = (await f.published(res.body.id)).find((e) => e.topic === 'reserva.cancelada');
    assert.ok(cancelled);
    assert.equal(cancelled.data.refund, false);
    assert.match(String(cancelled.data.reason), /declined/);
    assert.ok((await f.slots(date)).some(sameSlot(slot)), 'the slot is offered again');
    const again = await f.book(client.token, slot, 'pm_card_visa');
    assert.equal(again.status, 202, again.text);
    assert.equal((await f.settled(client.token, again.body.id)).status, 'CONFIRMED');
  });

  it('accepts exactly one of 50 parallel bookings of one slot and never stores overlapping live bookings', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => f.user()));
    const slot = (await f.slots(f.date(6)))[0];
    assert.ok(slot);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => f.book(clients[i % 5]?.token ?? '', slot, 'pm_card_visa')),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 202).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 49, statuses.join(','));
    for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.code, 'SLOT_UNAVAILABLE');
    const winner = results.findIndex((r) => r.status === 202);
    const owner = clients[winner % 5];
    assert.ok(owner);
    assert.equal((await f.settled(owner.token, results[winner]?.body.id)).status, 'CONFIRMED');
    assert.equal(await f.overlappingLivePairs(), 0);
  });

  it('gives a request repeated with its Idempotency-Key the booking its first run made, even when the gateway forgot the key', async () => {
    const client = await f.user();
    const slot = (await f.slots(f.date(9)))[1];
    assert.ok(slot);
    const key = randomUUID();
    const book = () =>
      app.fetch('/api/instudio/bookings', {
        token: client.token,
        headers: { 'idempotency-key': key },
        json: {
          salonId: MIRAFLORES,
          serviceId: HAIRCUT,
          stylistId: slot.stylistId,
          start: slot.start,
          paymentMethod: 'pm_card_visa',
        },
      });
    const first = await book();
    assert.equal(first.status, 202, first.text);
    // As if the gateway's claim were gone (a Redis restart, an expired lease): the service decides.
    const gateway = new Database(withDatabase(testPostgresUrl(), databaseName(app.config.dbPrefix, 'gateway')), {
      max: 1,
    });
    try {
      await sql`DELETE FROM coordina_idempotency WHERE key = ${key}`.execute(gateway.db);
    } finally {
      await gateway.close();
    }
    const again = await book();
    assert.equal(again.status, 202, again.text);
    assert.equal(again.body.id, first.body.id, 'the same booking, not a second one (nor a 409 for its own slot)');
    const mine = await app.fetch('/api/instudio/bookings', { token: client.token });
    assert.equal(mine.body.total, 1);
  });

  it('refunds a cancellation made before the window, and reports the refund done', async () => {
    const client = await f.user();
    const slot = (await f.slots(f.date(7)))[0];
    assert.ok(slot);
    const res = await f.book(client.token, slot);
    const confirmed = await f.settled(client.token, res.body.id);
    assert.equal(confirmed.status, 'CONFIRMED');
    // The policy the client sees beforehand: refunded until 24 h before the start.
    assert.equal(Date.parse(confirmed.start) - Date.parse(confirmed.refundableUntil), 24 * 3_600_000);
    assert.ok(Date.parse(confirmed.refundableUntil) > Date.now());
    const other = await f.user();
    const stranger = await app.fetch(`/api/instudio/bookings/${res.body.id}/cancel`, {
      method: 'POST',
      token: other.token,
    });
    assert.equal(stranger.status, 403);
    const cancel = await app.fetch(`/api/instudio/bookings/${res.body.id}/cancel`, {
      method: 'POST',
      token: client.token,
    });
    assert.equal(cancel.status, 200, cancel.text);
    assert.deepEqual(cancel.body, { id: res.body.id, status: 'CANCELLED', refund: true });
    const refunded = await eventually(async () => {
      const r = await f.get(client.token, res.body.id);
      return r.body.refundStatus === 'REFUNDED' ? r.body : undefined;
    });
    assert.equal(refunded.status, 'CANCELLED');
    const topics = (await f.published(res.body.id)).map((e) => e.topic);
    assert.ok(topics.includes('reserva.cancelada'));
    const again = await app.fetch(`/api/instudio/bookings/${res.body.id}/cancel`, {
      method: 'POST',
      token: client.token,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'INVALID_STATE');
    assert.ok((await f.slots(f.date(7))).some(sameSlot(slot)), 'the slot is free again');
  });

  it('cancels without refund inside the window', async () => {
    const client = await f.user();
    const soon = [...(await f.slots(f.date(0))), ...(await f.slots(f.date(1)))].find(
      (s) => new Date(s.start).getTime() - Date.now() < 23 * 3_600_000,
    );
    assert.ok(soon, 'some slot starts within the next 23 hours');
    const res = await f.book(client.token, soon);
    assert.equal(res.status, 202, res.text);
    const booking = await f.settled(client.token, res.body.id);
    assert.equal(booking.status, 'CONFIRMED');
    assert.ok(Date.parse(booking.refundableUntil) < Date.now(), 'its refund time has passed');
    const cancel = await app.fetch(`/api/instudio/bookings/${res.body.id}/cancel`, {
      method: 'POST',
      token: client.token,
    });
    assert.equal(cancel.status, 200, cancel.text);
    assert.equal(cancel.body.refund, false);
    const view = await f.get(client.token, res.body.id);
    assert.equal(view.body.refundStatus, 'NONE');
    const events = await f.published(res.body.id);
    const cancelled = events.find((e) => e.topic === 'reserva.cancelada');
    assert.equal(cancelled?.data.refund, false);
    assert.equal((await f.published(booking.paymentId)).filter((e) => e.topic === 'reembolso.solicitar').length, 0);
  });
});
