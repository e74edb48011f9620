import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { salonsService } from '@coordina/instudio-salons';
import { paymentsService } from '@coordina/payments';
import { budget, startTestApp, type TestApp } from '@coordina/platform/testing';
import { bookingService } from '../src';
import { BookingFixture } from './booking.fixture';
import { createOwnSalon, type OwnSalon } from './own-salon.fixture';

const DAY_MS = 86_400_000;

/**
 * Completion, no-show, reviews and replies, late cancellation and promotions, on a salon open
 * all day with the lead time at 0 so a booking can start seconds from now and then be marked.
 */
describe('InStudio booking life cycle, reviews and promotions', () => {
  let app: TestApp;
  let f: BookingFixture;
  let salon: OwnSalon;
  let admin: { id: string; token: string };
  let otherAdmin: { id: string; token: string };
  let platformAdmin: { id: string; token: string };
  const done: { client?: { id: string; token: string }; bookingId?: string; later?: string } = {};

  before(async () => {
    process.env.BOOKING_LEAD_TIME_MINUTES = '0';
    app = await startTestApp({
      services: [salonsService, bookingService, paymentsService],
      config: {
        seedDemo: true,
        sandboxWebhookDelayMs: 20,
      },
      env: { BOOKING_HOLD_TIMEOUT_MS: String(budget(5_000)), BOOKING_CANCELLATION_WINDOW_HOURS: '24' },
    });
    f = new BookingFixture(app);
    admin = await f.user(['salon_admin']);
    otherAdmin = await f.user(['salon_admin']);
    platformAdmin = await f.user(['platform_admin']);
    salon = await createOwnSalon(app.fetch, platformAdmin.token, admin.id);
  });
  after(() => app?.close());

  const stylist = (i: number) => salon.stylistIds[i] ?? '';
  const book = (token: string, stylistId: string, start: Date) =>
    app.fetch('/api/instudio/bookings', {
      token,
      json: {
        salonId: salon.id,
        serviceId: salon.serviceId,
        stylistId,
        start: salon.zone.format(start),
        paymentMethod: 'pm_card_visa',
      },
    });
  /** A confirmed booking starting a few seconds from now, and that start. */
  /** By default far enough ahead (a machine budget) to be booked and paid before it starts. */
  async function startingSoon(stylistId: string, secondsAhead = budget(4_000) / 1000) {
    const client = await f.user();
    const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + secondsAhead * 1000);
    const res = await book(client.token, stylistId, start);
    assert.equal(res.status, 202, res.text);
    assert.equal((await f.settled(client.token, res.body.id)).status, 'CONFIRMED');
    return { client, id: res.body.id as string, start };
  }
  const untilPast = (start: Date) => sleep(Math.max(0, start.getTime() - Date.now() + 50));
  const post = (path: string, token: string, json?: unknown) => app.fetch(path, { method: 'POST', token, json });

  it('offers a slot within the next 15 minutes when the lead time is 0', async () => {
    const date = salon.zone.local(new Date()).date;
    const r = await app.fetch(
      `/api/instudio/salons/${salon.id}/availability?serviceId=${salon.serviceId}&date=${date}`,
    );
    assert.equal(r.status, 200, r.text);
    const first = new Date(r.body.slots[0].start).getTime() - Date.now();
    assert.ok(first > 0 && first <= 15 * 60_000, `first slot in ${first} ms`);
  });

  it('completes a booking from its start on, by its salon admin only and once, and publishes reserva.completada', async () => {
    const client = await f.user();
    const tomorrow = new Date(Date.now() + DAY_MS);
    const future = await book(client.token, stylist(0), new Date(Math.ceil(tomorrow.getTime() / 900_000) * 900_000));
    assert.equal(future.status, 202, future.text);
    assert.equal((await f.settled(client.token, future.body.id)).status, 'CONFIRMED');
    const early = await post(`/api/instudio/bookings/${future.body.id}/complete`, admin.token);
    assert.equal(early.status, 409, early.text);
    assert.equal(early.body.code, 'INVALID_STATE');
    assert.match(early.body.detail, /not started/);

    const b = await startingSoon(stylist(1));
    await untilPast(b.start);
    assert.equal((await post(`/api/instudio/bookings/${b.id}/complete`, b.client.token)).status, 403);
    assert.equal((await post(`/api/instudio/bookings/${b.id}/complete`, otherAdmin.token)).status, 403);
    const ok = await post(`/api/instudio/bookings/${b.id}/complete`, admin.token);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, 'COMPLETED');
    const again = await post(`/api/instudio/bookings/${b.id}/complete`, admin.token);
    assert.equal(again.status, 409);
    assert.equal((await post(`/api/instudio/bookings/${b.id}/no-show`, admin.token)).status, 409);
    const event = (await f.published(b.id)).find((e) => e.topic === 'reserva.completada');
    assert.ok(event);
    assert.equal(event.data.district, salon.district);
    assert.equal(event.data.subcategory, 'hair');
    assert.equal(event.data.promotionId, null);
    assert.equal(event.data.price, 4000);
    for (const e of await f.published(b.id)) assert.equal(e.data.district, salon.district, e.topic);
    Object.assign(done, { client: b.client, bookingId: b.id, later: future.body.id });
  });

  it("lists a salon's bookings overlapping a window for its calendar, to its admin and platform admins only", async () => {
    const { bookingId, later } = done;
    assert.ok(bookingId && later, 'the completion test ran');
    const hour = 3_600_000;
    const window = (from: number, to: number) =>
      `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
    const path = `/api/instudio/salons/${salon.id}/bookings`;
    const now = Date.now();
    const today = await app.fetch(`${path}?${window(now - hour, now + 2 * DAY_MS)}`, { token: admin.token });
    assert.equal(today.status, 200, today.text);
    const ids = today.body.items.map((b: { id: string }) => b.id);
    assert.ok(ids.includes(bookingId) && ids.includes(later), JSON.stringify(ids));
    const starts = today.body.items.map((b: { start: string }) => Date.parse(b.start));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
      'earliest start first',
    );
    const completed = today.body.items.find((b: { id: string }) => b.id === bookingId);
    assert.equal(completed.status, 'COMPLETED');
    // Only the bookings overlapping the window: the completed one ended before tomorrow.
    const tomorrow = await app.fetch(`${path}?${window(now + DAY_MS - hour, now + 2 * DAY_MS)}`, {
      token: admin.token,
    });
    assert.deepEqual(
      tomorrow.body.items.map((b: { id: string }) => b.id),
      [later],
    );
    assert.equal(tomorrow.body.total, 1);
    const paged = await app.fetch(`${path}?${window(now - hour, now + 2 * DAY_MS)}&pageSize=1`, { token: admin.token });
    assert.equal(paged.body.items.length, 1);
    assert.ok(paged.body.total >= 2);
    assert.equal((await app.fetch(`${path}?${window(now, now + DAY_MS)}`, { token: platformAdmin.token })).status, 200);
    const other = await app.fetch(`${path}?${window(now, now + DAY_MS)}`, { token: otherAdmin.token });
    assert.equal(other.status, 403, other.text);
    const backwards = await app.fetch(`${path}?${window(now, now - hour)}`, { token: admin.token });
    assert.equal(backwards.status, 400, backwards.text);
    assert.equal(backwards.body.errors?.[0]?.field, 'query.to');
    assert.equal((await app.fetch(`${path}?${window(now, now + 43 * DAY_MS)}`, { token: admin.token })).status, 400);
    assert.equal((await app.fetch(`${path}?from=yesterday&to=today`, { token: admin.token })).status, 400);
    const missing = `/api/instudio/salons/00000000-0000-4000-8000-000000000000/bookings?${window(now, now + hour)}`;
    assert.equal((await app.fetch(missing, { token: admin.token })).status, 404);
  });

  it('takes one review per completed booking from its client and publishes resena.publicada', async () => {
    const { client, bookingId, later } = done;
    assert.ok(client && bookingId && later, 'the completion test ran');
    const path = `/api/instudio/bookings/${bookingId}/review`;
    assert.equal((await post(path, client.token, { rating: 6, text: 'x' })).body.errors?.[0]?.field, 'body.rating');
    assert.equal((await post(path, client.token, { rating: 4.5, text: 'x' })).status, 400);
    assert.equal((await post(path, client.token, { rating: 5, text: 'x'.repeat(2001) })).status, 400);
    assert.equal((await post(path, (await f.user()).token, { rating: 5, text: 'not mine' })).status, 403);
    const notDone = await post(`/api/instudio/bookings/${later}/review`, client.token, { rating: 5, text: 'soon' });
    assert.equal(notDone.status, 403, 'the later booking belongs to another client');
    const res = await post(path, client.token, { rating: 5, text: 'Excelente corte' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.rating, 5);
    assert.equal(res.body.reply, null);
    const second = await post(path, client.token, { rating: 1, text: 'changed my mind' });
    assert.equal(second.status, 409);
    assert.equal(second.body.code, 'CONFLICT');
    const events = (await f.published(salon.id)).filter((e) => e.topic === 'resena.publicada');
    assert.equal(events.length, 1);
    assert.equal(events[0]?.data.reviewId, res.body.id);
    assert.equal(events[0]?.data.rating, 5);
  });

  it('lets the salon admin reply once, and lists reviews with replies publicly', async () => {
    const list = await app.fetch(`/api/instudio/salons/${salon.id}/reviews`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.total, 1);
    const review = list.body.items[0];
    const path = `/api/instudio/reviews/${review.id}/reply`;
    assert.equal((await post(path, otherAdmin.token, { text: 'Gracias' })).status, 403);
    assert.equal((await post(path, (await f.user()).token, { text: 'Gracias' })).status, 403);
    assert.equal((await post(path, admin.token, { text: '' })).status, 400);
    const ok = await post(path, admin.token, { text: '¡Gracias por venir!' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.reply.text, '¡Gracias por venir!');
    const again = await post(path, platformAdmin.token, { text: 'otra' });
    assert.equal(again.status, 409);
    const after = await app.fetch(`/api/instudio/salons/${salon.id}/reviews?page=1`);
    assert.equal(after.body.items[0].reply.userId, admin.id);
    assert.equal((await app.fetch(`/api/instudio/salons/${salon.id}/reviews?page=0`)).status, 400);
  });

  it('marks a no-show after start, publishes reserva.no-presentada, and refuses a review of it', async () => {
    const b = await startingSoon(stylist(2));
    const early = await post(`/api/instudio/bookings/${b.id}/no-show`, admin.token);
    assert.equal(early.status, 409, 'not started yet');
    await untilPast(b.start);
    const ok = await post(`/api/instudio/bookings/${b.id}/no-show`, platformAdmin.token);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, 'NO_SHOW');
    assert.equal((await post(`/api/instudio/bookings/${b.id}/complete`, admin.token)).status, 409);
    const review = await post(`/api/instudio/bookings/${b.id}/review`, b.client.token, { rating: 1, text: '' });
    assert.equal(review.status, 409);
    assert.equal(review.body.code, 'INVALID_STATE');
    const event = (await f.published(b.id)).find((e) => e.topic === 'reserva.no-presentada');
    assert.equal(event?.data.subcategory, 'hair');
    const cancel = await post(`/api/instudio/bookings/${b.id}/cancel`, b.client.token);
    assert.equal(cancel.status, 409);
  });

  it('cancels a booking starting within the window without a refund', async () => {
    const b = await startingSoon(stylist(3), 3600);
    const cancel = await post(`/api/instudio/bookings/${b.id}/cancel`, b.client.token);
    assert.equal(cancel.status, 200, cancel.text);
    assert.equal(cancel.body.refund, false);
    assert.equal((await f.get(b.client.token, b.id)).body.refundStatus, 'NONE');
  });

  it('fixes the best promotion at booking time: a later change does not move the price', async () => {
    const today = salon.zone.local(new Date()).date;
    const week = salon.zone.local(new Date(Date.now() + 7 * DAY_MS)).date;
    const promo = (name: string, discountPercent: number) =>
      post(`/api/instudio/salons/${salon.id}/promotions`, admin.token, {
        name,
        discountPercent,
        serviceIds: [salon.serviceId],
        validFrom: today,
        validTo: week,
        weekdays: [0, 1, 2, 3, 4, 5, 6],
        startTime: '00:00',
        endTime: '23:59',
      });
    const small = await promo('Diez', 10);
    assert.equal(small.status, 201, small.text);
    assert.equal(small.status, 201, small.text);
    const big = await promo('Veinticinco', 25);
    assert.equal(big.status, 201, big.text);
    const client = await f.user();
    const start = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 900_000) * 900_000);
    const res = await book(client.token, stylist(0), start);
    assert.equal(res.status, 202, res.text);
    const view = await f.settled(client.token, res.body.id);
    assert.equal(view.status, 'CONFIRMED');
    assert.equal(view.price, 3000, 'S/ 40.00 less 25%');
    assert.equal(view.promotionId, big.body.id);
    const created = (await f.published(res.body.id)).find((e) => e.topic === 'reserva.creada');
    assert.equal(created?.data.promotionId, big.body.id);
    assert.equal(created?.data.price, 3000);
    const off = await app.fetch(`/api/instudio/promotions/${big.body.id}`, {
      method: 'PATCH',
      token: admin.token,
      json: { active: false },
    });
    assert.equal(off.status, 200, off.text);
    assert.equal((await f.get(client.token, res.body.id)).body.price, 3000, 'fixed at booking time');
    const next = await book(client.token, stylist(1), new Date(start.getTime() + 3_600_000));
    assert.equal(next.status, 202, next.text);
    const nextView = (await f.get(client.token, next.body.id)).body;
    assert.equal(nextView.price, 3600);
    assert.equal(nextView.promotionId, small.body.id);
  });
});
