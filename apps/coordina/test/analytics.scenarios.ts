import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import { SALON, Shopper } from './booking.scenarios';
import type { Product } from './harness';

interface Booking {
  id: string;
  status: string;
  price: number;
  refundStatus: string;
}

/** Analytics through the gateway: its figures equal what the booking service says. */
export function analyticsScenarios(name: string, start: () => Promise<Product>): void {
  describe(`InStudio analytics end to end (${name})`, () => {
    let p: Product;
    let s: Shopper;
    const login = async (email: string) => {
      const r = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
      assert.equal(r.status, 200, r.text);
      return r.body.accessToken as string;
    };

    before(async () => {
      p = await start();
      s = new Shopper(p);
    });
    after(() => p?.close());

    it('counts the bookings, cancellations and revenue the booking service reports, as JSON and CSV', async () => {
      const client = await s.signUp();
      const { serviceId, slots, date } = await s.freeSlots(randomInt(40, 300));
      const picks = s.disjoint(slots, 5);
      assert.equal(picks.length, 5, 'five free slots on one day');
      const methods = [
        'pm_card_visa',
        'pm_card_visa',
        'pm_card_visa',
        'pm_card_chargeDeclined',
        'pm_card_chargeDeclined',
      ];
      const ids: string[] = [];
      for (const [i, slot] of picks.entries()) {
        const r = await s.book(client, slot, serviceId, methods[i] ?? 'pm_card_visa');
        assert.equal(r.status, 202, r.text);
        ids.push(r.body.id);
      }
      for (const id of ids) await s.settled(client, id);
      const cancel = await p.fetch(`/api/instudio/bookings/${ids[0]}/cancel`, { token: client, method: 'POST' });
      assert.ok(cancel.status === 200 || cancel.status === 202, cancel.text);
      await eventually(async () => {
        const r = await p.fetch(`/api/instudio/bookings/${ids[0]}`, { token: client });
        return r.body?.refundStatus === 'REFUNDED';
      }, 30_000);

      // The booking service's own counts.
      const mine = await p.fetch('/api/instudio/bookings?pageSize=100', { token: client });
      assert.equal(mine.status, 200, mine.text);
      const items = (mine.body.items as Booking[]).filter((b) => ids.includes(b.id));
      assert.equal(items.length, 5);
      const sum = (bs: Booking[]) => bs.reduce((n, b) => n + b.price, 0);
      const confirmedNow = items.filter((b) => b.status === 'CONFIRMED');
      const refunded = items.filter((b) => b.refundStatus === 'REFUNDED');
      const expected = {
        period: date,
        key: SALON,
        bookings: items.length,
        confirmed: confirmedNow.length + refunded.length,
        cancellations: items.filter((b) => b.status === 'CANCELLED').length,
        grossCents: sum(confirmedNow) + sum(refunded),
        refundedCents: sum(refunded),
        revenueCents: sum(confirmedNow),
      };
      assert.deepEqual([expected.bookings, expected.confirmed, expected.cancellations], [5, 3, 3]);

      const admin = await login('admin@demo.coordina');
      const range = `from=${date}&to=${date}`;
      const figures = async (token: string, groupBy = 'salon') => {
        const [b, c, r] = await Promise.all(
          ['bookings', 'cancellations', 'revenue'].map((kind) =>
            p.fetch(`/api/analytics/instudio/${kind}?groupBy=${groupBy}&period=day&${range}`, { token }),
          ),
        );
        for (const res of [b, c, r]) assert.equal(res?.status, 200, res?.text);
        const [row] = b?.body.rows ?? [];
        const { period, key, bookings, confirmed } = row ?? {};
        const { cancellations } = c?.body.rows[0] ?? {};
        const { grossCents, refundedCents, revenueCents } = r?.body.rows[0] ?? {};
        return { period, key, bookings, confirmed, cancellations, grossCents, refundedCents, revenueCents };
      };
      await eventually(async () => JSON.stringify(await figures(admin)) === JSON.stringify(expected), 30_000);
      assert.deepEqual(await figures(admin), expected);

      // A salon admin sees their salon's figures; districts come from the salons' data.
      // Both read analytics' salons replica, which catches up on its own (a refresh that failed
      // is retried later): wait for it like for the figures, then assert.
      const salonAdmin = await login('salon-admin@demo.coordina');
      const byDistrict = { ...expected, key: 'Miraflores' };
      await eventually(async () => JSON.stringify(await figures(salonAdmin)) === JSON.stringify(expected), 30_000);
      assert.deepEqual(await figures(salonAdmin), expected);
      await eventually(
        async () => JSON.stringify(await figures(admin, 'district')) === JSON.stringify(byDistrict),
        30_000,
      );
      assert.deepEqual(await figures(admin, 'district'), byDistrict);

      const csv = await p.fetch(`/api/analytics/instudio/revenue?period=month&${range}&format=csv`, { token: admin });
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      const month = `${date.slice(0, 8)}01`;
      const line = [expected.confirmed, expected.grossCents, expected.refundedCents, expected.revenueCents].join(',');
      assert.match(csv.text, new RegExp(`\\r\\n${month},${SALON},[^\\r\\n]*,${line}\\r\\n`));

      const top = await p.fetch(`/api/analytics/instudio/top-services?${range}&limit=1`, { token: admin });
      assert.equal(top.status, 200, top.text);
      assert.equal(top.body.items[0]?.serviceId, serviceId);
      assert.equal(top.body.items[0]?.revenueCents, expected.revenueCents);

      const forbidden = await p.fetch(`/api/analytics/instudio/revenue?${range}`, { token: client });
      assert.equal(forbidden.status, 403, forbidden.text);
    });
  });
}
