import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import { Shopper } from './booking.scenarios';
import { type Product, userIdOf } from './harness';

const HOUR_MS = 3_600_000;

/** The local hour now in a zone, and the first of a few zones where it is between 01:00 and 17:59 (bookings up to a few hours ahead stay inside a day open 00:00-23:59; the three zones cover every hour). */
const localHour = (timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
const daytimeZone = () =>
  ['America/Lima', 'Asia/Tokyo', 'Europe/Madrid'].find((tz) => localHour(tz) >= 1 && localHour(tz) <= 17);
const localDate = (timeZone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

/**
 * Completion, no-show, reviews with replies, late cancellation and promotions through the
 * gateway. The demo salon admin runs a salon open 00:00-23:59 (so the tests run at any hour),
 * and BOOKING_LEAD_TIME_MINUTES=0 lets a booking start seconds from now and then be marked.
 */
export function lifecycleScenarios(name: string, start: () => Promise<Product>): void {
  describe(`InStudio booking life cycle end to end (${name})`, () => {
    let p: Product;
    let s: Shopper;
    let salonAdmin: string;
    let salon: { id: string; serviceId: string; stylists: string[]; timezone: string };

    const login = async (email: string) => {
      const r = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
      assert.equal(r.status, 200, r.text);
      return r.body.accessToken as string;
    };
    const post = (path: string, token: string, json?: unknown) => p.fetch(path, { method: 'POST', token, json });

    before(async () => {
      process.env.BOOKING_LEAD_TIME_MINUTES = '0';
      p = await start();
      s = new Shopper(p);
      salonAdmin = await login('salon-admin@demo.coordina');
      const platform = await login('admin@demo.coordina');
      const timezone = daytimeZone() ?? 'America/Lima';
      const created = await post('/api/instudio/salons', platform, {
        name: 'Turno continuo',
        address: 'Av. Grau 1',
        district: 'Barranco',
        phone: '+51 1 000 0000',
        timezone,
        adminUserId: userIdOf(salonAdmin),
      });
      assert.equal(created.status, 201, created.text);
      const id: string = created.body.id;
      const hours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
      const put = await p.fetch(`/api/instudio/salons/${id}/hours`, {
        method: 'PUT',
        token: salonAdmin,
        json: { hours },
      });
      assert.equal(put.status, 200, put.text);
      const service = await post(`/api/instudio/salons/${id}/services`, salonAdmin, {
        name: 'Corte exprés',
        subcategory: 'hair',
        durationMinutes: 30,
        priceCents: 4000,
      });
      assert.equal(service.status, 201, service.text);
      const stylists: string[] = [];
      for (const n of ['Ana', 'Bea', 'Carla', 'Dora']) {
        const st = await post(`/api/instudio/salons/${id}/stylists`, salonAdmin, {
          name: n,
          serviceIds: [service.body.id],
        });
        assert.equal(st.status, 201, st.text);
        stylists.push(st.body.id);
      }
      salon = { id, serviceId: service.body.id, stylists, timezone };
    });
    after(() => p?.close());

    const book = (token: string, stylist: number, at: Date) =>
      p.fetch('/api/instudio/bookings', {
        token,
        headers: { 'idempotency-key': crypto.randomUUID() },
        json: {
          salonId: salon.id,
          serviceId: salon.serviceId,
          stylistId: salon.stylists[stylist],
          start: at.toISOString(),
          paymentMethod: 'pm_card_visa',
        },
      });
    /** A confirmed booking starting `seconds` from now. */
    async function confirmedSoon(stylist: number, seconds = 5) {
      const token = await s.signUp();
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000);
      const res = await book(token, stylist, at);
      assert.equal(res.status, 202, res.text);
      assert.equal((await s.settled(token, res.body.id)).status, 'CONFIRMED');
      return { token, id: res.body.id as string, at };
    }
    /** Marks the booking once its start has passed (409 until then). */
    const markWhenStarted = (id: string, outcome: 'complete' | 'no-show') =>
      eventually(async () => {
        const r = await post(`/api/instudio/bookings/${id}/${outcome}`, salonAdmin);
        return r.status === 200 ? r.body : undefined;
      }, 30_000);

    it('books, is completed by the salon admin, is reviewed once, and the salon admin replies once', async () => {
      const b = await confirmedSoon(0);
      assert.equal((await post(`/api/instudio/bookings/${b.id}/complete`, b.token)).status, 403);
      const done = await markWhenStarted(b.id, 'complete');
      assert.equal(done.status, 'COMPLETED');
      const review = await post(`/api/instudio/bookings/${b.id}/review`, b.token, { rating: 5, text: 'Rápido y bien' });
      assert.equal(review.status, 201, review.text);
      assert.equal((await post(`/api/instudio/bookings/${b.id}/review`, b.token, { rating: 2, text: '' })).status, 409);
      const reply = await post(`/api/instudio/reviews/${review.body.id}/reply`, salonAdmin, { text: '¡Gracias!' });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(
        (await post(`/api/instudio/reviews/${review.body.id}/reply`, salonAdmin, { text: 'x' })).status,
        409,
      );
      const list = await p.fetch(`/api/instudio/salons/${salon.id}/reviews`);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.body.items[0].rating, 5);
      assert.equal(list.body.items[0].reply.text, '¡Gracias!');
      // The salon's average rating follows by event (resena.publicada → salons), cache included.
      const rated = await eventually(async () => {
        const r = await p.fetch(`/api/instudio/salons/${salon.id}`);
        return r.body.ratingCount === 1 ? r.body : undefined;
      }, 10_000);
      assert.equal(rated.ratingAvg, 5);
    });

    it('marks a no-show after start, and a no-show cannot be reviewed', async () => {
      const b = await confirmedSoon(1);
      const marked = await markWhenStarted(b.id, 'no-show');
      assert.equal(marked.status, 'NO_SHOW');
      const review = await post(`/api/instudio/bookings/${b.id}/review`, b.token, { rating: 1, text: '' });
      assert.equal(review.status, 409);
    });

    it('cancels a booking inside the cancellation window without a refund', async () => {
      const b = await confirmedSoon(2, 3600);
      const cancel = await post(`/api/instudio/bookings/${b.id}/cancel`, b.token);
      assert.equal(cancel.status, 200, cancel.text);
      assert.equal(cancel.body.refund, false);
      const view = await p.fetch(`/api/instudio/bookings/${b.id}`, { token: b.token });
      assert.equal(view.body.status, 'CANCELLED');
      assert.equal(view.body.refundStatus, 'NONE');
    });

    it("charges a new booking the salon's best promotion and shows it on the booking", async () => {
      const today = localDate(salon.timezone, new Date());
      const week = localDate(salon.timezone, new Date(Date.now() + 7 * 24 * HOUR_MS));
      const promo = await post(`/api/instudio/salons/${salon.id}/promotions`, salonAdmin, {
        name: 'Un cuarto menos',
        discountPercent: 25,
        serviceIds: [salon.serviceId],
        validFrom: today,
        validTo: week,
        weekdays: [0, 1, 2, 3, 4, 5, 6],
        startTime: '00:00',
        endTime: '23:59',
      });
      assert.equal(promo.status, 201, promo.text);
      assert.equal(promo.status, 201, promo.text);
      const token = await s.signUp();
      const res = await book(token, 3, new Date(Math.ceil((Date.now() + 2 * HOUR_MS) / 900_000) * 900_000));
      assert.equal(res.status, 202, res.text);
      const view = await s.settled(token, res.body.id);
      assert.equal(view.status, 'CONFIRMED');
      assert.equal(view.price, 3000);
      assert.equal(view.promotionId, promo.body.id);
    });
  });
}
