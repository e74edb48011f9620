import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { identityService } from '@coordina/identity';
import { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import { PromocionPublicada } from '@coordina/instudio-salons/contracts';
import { budget, eventually } from '@coordina/platform/testing';
import { DELIVERY_QUEUE } from '../src/domain/delivery.job';
import { deliveryJobs, handled } from './delivery-jobs';
import { bookingFacts, useNotificationsApp } from './notifications.fixture';

const HOUR = 3_600_000;

describe('notifications through the priority queue', () => {
  const notifications = useNotificationsApp({ alongside: [identityService] });
  const signUp = () => notifications.signUp('Rosa');

  const handledByFeed = (eventId: string) => handled(notifications.ctx, 'notifications.feed', eventId);

  const waitForKind = (token: string, kind: string) =>
    eventually(async () => {
      const items = (await notifications.app.fetch('/api/notifications/me', { token })).body.items as {
        kind: string;
        body: string;
      }[];
      return items.some((n) => n.kind === kind) ? items : undefined;
      // A fan-out through a normal-priority queue may wait behind other work on a loaded machine.
    }, 60_000);

  const confirmed = (b: ReturnType<typeof bookingFacts>) => ({ ...b, paymentId: randomUUID(), price: 4500 });
  const job = (key: string) => notifications.ctx.queue.find(DELIVERY_QUEUE, key);

  it('schedules reminders 24 h and 2 h before a confirmed booking and confirms it at once', async () => {
    const u = await signUp();
    const start = new Date(Date.now() + 72 * HOUR);
    const b = bookingFacts(u.id, start);
    await notifications.publish(ReservaConfirmada, confirmed(b));
    await waitForKind(u.token, 'booking_confirmed');
    const confirmation = await job(`${b.bookingId}:confirmation`);
    assert.equal(confirmation?.level, 'high');
    const r24 = await job(`${b.bookingId}:reminder_24h`);
    const r2 = await job(`${b.bookingId}:reminder_2h`);
    assert.equal(r24?.state, 'created');
    assert.equal(r24?.level, 'urgent');
    assert.equal(r24?.runnableAt.getTime(), start.getTime() - 24 * HOUR);
    assert.equal(r2?.state, 'created');
    assert.equal(r2?.runnableAt.getTime(), start.getTime() - 2 * HOUR);
  });

  it('skips reminders already in the past and confirms a booking starting soon as urgent', async () => {
    const u = await signUp();
    const b = bookingFacts(u.id, new Date(Date.now() + 3 * HOUR));
    await notifications.publish(ReservaConfirmada, confirmed(b));
    await waitForKind(u.token, 'booking_confirmed');
    assert.equal((await job(`${b.bookingId}:confirmation`))?.level, 'urgent');
    assert.equal(await job(`${b.bookingId}:reminder_24h`), undefined);
    assert.equal((await job(`${b.bookingId}:reminder_2h`))?.state, 'created');
  });

  it('cancels pending reminders when the booking is cancelled', async () => {
    const u = await signUp();
    const b = bookingFacts(u.id, new Date(Date.now() + 72 * HOUR));
    await notifications.publish(ReservaConfirmada, confirmed(b));
    await eventually(async () => (await job(`${b.bookingId}:reminder_24h`))?.state === 'created');
    await notifications.publish(ReservaCancelada, { ...b, reason: 'cancelled by client', refund: true });
    await waitForKind(u.token, 'booking_cancelled');
    assert.equal((await job(`${b.bookingId}:reminder_24h`))?.state, 'cancelled');
    assert.equal((await job(`${b.bookingId}:reminder_2h`))?.state, 'cancelled');
  });

  it('delivers a reminder when it falls due, once, even if the confirmation is delivered twice', async () => {
    const u = await signUp();
    // The 2 h reminder falls due shortly, with room on a busy machine for both confirmations to be
    // handled first (a reminder already in the past when a confirmation is handled is skipped).
    const b = bookingFacts(u.id, new Date(Date.now() + 2 * HOUR + budget(2_000)));
    const first = await notifications.publish(ReservaConfirmada, confirmed(b));
    const second = await notifications.publish(ReservaConfirmada, confirmed(b));
    await eventually(async () => (await handledByFeed(first)) && (await handledByFeed(second)));
    const items = await waitForKind(u.token, 'booking_reminder');
    assert.match(items.find((n) => n.kind === 'booking_reminder')?.body ?? '', /en 2 h/);
    // Every job of the booking has finished: nothing left to write a second reminder or confirmation.
    const keys = [`${b.bookingId}:confirmation`, `${b.bookingId}:reminder_2h`];
    await eventually(async () =>
      (await Promise.all(keys.map((k) => deliveryJobs(notifications.ctx, k)))).every((j) => j.open === 0),
    );
    for (const k of keys) assert.equal((await deliveryJobs(notifications.ctx, k)).jobs, 1, `one job for ${k}`);
    const all = (await notifications.app.fetch('/api/notifications/me', { token: u.token })).body.items as {
      kind: string;
    }[];
    assert.equal(all.filter((n) => n.kind === 'booking_reminder').length, 1);
    assert.equal(all.filter((n) => n.kind === 'booking_confirmed').length, 1);
  });

  it('announces a published promotion to every known user, by its expiry', async () => {
    const [a, b] = [await signUp(), await signUp()];
    const promotionId = randomUUID();
    const validTo = new Date(Date.now() + 3 * 24 * HOUR).toISOString().slice(0, 10);
    await notifications.publish(PromocionPublicada, {
      promotionId,
      salonId: randomUUID(),
      salonName: 'Salón Lima',
      name: 'Martes de color',
      discountPercent: 20,
      validTo,
      at: new Date().toISOString(),
    });
    for (const user of [a, b]) {
      const items = await waitForKind(user.token, 'promotion');
      assert.match(items.find((n) => n.kind === 'promotion')?.body ?? '', /20% de descuento en Salón Lima/);
    }
    assert.equal((await job(`promotion:${promotionId}`))?.level, 'normal');
  });

  it('does not announce a promotion that has already ended', async () => {
    const promotionId = randomUUID();
    const eventId = await notifications.publish(PromocionPublicada, {
      promotionId,
      salonId: randomUUID(),
      salonName: 'Salón Lima',
      name: 'Ayer',
      discountPercent: 10,
      validTo: '2020-01-01',
      at: new Date().toISOString(),
    });
    await eventually(() => handledByFeed(eventId));
    assert.equal(await job(`promotion:${promotionId}`), undefined);
  });
});
