import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually } from '@coordina/platform/testing';
import { SALON, Shopper } from './booking.scenarios';
import { PAID_OR_LATER } from './gamevault.shop';
import type { Product } from './harness';

interface Booking {
  id: string;
  status: string;
  price: number;
  refundStatus: string;
}

/** Analytics through the gateway: its figures equal what the booking service says. */
export function analyticsScenarios(name: string, start: () => Promise<Product>): void {
  describe(`InStudio and GameVault analytics end to end (${name})`, () => {
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

    it('shows a GameVault purchase in the sales reports (JSON, CSV, xlsx, PDF) and the searches in the trends', async () => {
      const seller = await login(DemoUsers.seller.email);
      const word = `vault${randomUUID().slice(0, 8)}`;
      const title = `Retro ${word}`;
      const product = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title,
          console: 'retro',
          genre: 'puzzle',
          condition: 'new',
          format: 'physical',
          priceCents: 12_345,
          stock: 5,
        },
      });
      assert.equal(product.status, 201, product.text);
      const productId: string = product.body.id;
      // Two searches for its title's word: counted by the catalog, published within seconds.
      for (let i = 0; i < 2; i++) assert.equal((await p.fetch(`/api/gamevault/products?q=${word}`)).status, 200);

      const buyer = await p.mint(randomUUID(), ['buyer']);
      const put = await p.fetch(`/api/gamevault/cart/items/${productId}`, {
        method: 'PUT',
        token: buyer,
        json: { quantity: 2 },
      });
      assert.equal(put.status, 200, put.text);
      const order = await p.fetch('/api/gamevault/orders', {
        token: buyer,
        json: { paymentMethod: { provider: 'card', token: 'pm_card_visa' } },
      });
      assert.equal(order.status, 202, order.text);
      await eventually(async () => {
        const r = await p.fetch(`/api/gamevault/orders/${order.body.id}`, { token: buyer });
        return PAID_OR_LATER.includes(r.body?.status);
      }, 30_000);

      const admin = await p.mint(randomUUID(), ['gamevault_admin']);
      const expected = { period: null, key: productId, label: title, orders: 1, units: 2, revenueCents: 24_690 };
      const row = async () => {
        const r = await p.fetch('/api/analytics/gamevault/sales?groupBy=product&period=all', { token: admin });
        assert.equal(r.status, 200, r.text);
        return r.body.rows.find((x: { key: string }) => x.key === productId);
      };
      await eventually(async () => JSON.stringify(await row()) === JSON.stringify(expected), 30_000);
      assert.deepEqual(await row(), expected);

      const csv = await p.fetch('/api/analytics/gamevault/sales?groupBy=product&period=all&format=csv', {
        token: admin,
      });
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      assert.ok(csv.text.split('\r\n').includes(`,${productId},${title},1,2,24690`), csv.text);

      for (const [format, type, magic] of [
        ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK\x03\x04'],
        ['pdf', 'application/pdf', '%PDF-'],
      ] as const) {
        const r = await fetch(`${p.url}/api/analytics/gamevault/sales?groupBy=console&format=${format}`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        const bytes = Buffer.from(await r.arrayBuffer());
        assert.equal(r.status, 200, bytes.toString('utf8'));
        assert.equal(r.headers.get('content-type'), type);
        assert.equal(
          r.headers.get('content-disposition'),
          `attachment; filename="gamevault-sales-by-console-per-day.${format}"`,
        );
        assert.equal(bytes.subarray(0, magic.length).toString('latin1'), magic);
      }

      const trend = async () => {
        const r = await p.fetch('/api/analytics/gamevault/search-trends?kind=q&limit=100', { token: admin });
        assert.equal(r.status, 200, r.text);
        return r.body.rows.find((x: { label: string }) => x.label === word)?.searches;
      };
      await eventually(async () => (await trend()) === 2, 40_000);

      const forbidden = await p.fetch('/api/analytics/gamevault/sales', { token: buyer });
      assert.equal(forbidden.status, 403, forbidden.text);
    });
  });
}
