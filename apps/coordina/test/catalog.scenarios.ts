import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import { itemIds, type Product } from './harness';

const LARCO = '10000000-0000-4000-8000-000000000001';
const OLIVAR = '10000000-0000-4000-8000-000000000002';
const BARRANCO = '10000000-0000-4000-8000-000000000003';
const PEINADO = '20000000-0000-4000-8000-000000000302';

/** Catalog, search, cache invalidation and promotions through the gateway, run unchanged on each topology. */
export function catalogScenarios(name: string, start: () => Promise<Product>): void {
  describe(`InStudio catalog end to end (${name})`, () => {
    let p: Product;
    let salonAdmin: string;

    const ids = (path: string) => itemIds(p, path);

    before(async () => {
      p = await start();
      const login = await p.fetch('/api/identity/login', {
        json: { email: 'salon-admin@demo.coordina', password: p.demoPassword },
      });
      assert.equal(login.status, 200, login.text);
      salonAdmin = login.body.accessToken;
    });
    after(() => p?.close());

    it('lists categories and searches salons by district, category, service, price and text', async () => {
      const categories = await p.fetch('/api/instudio/categories');
      assert.equal(categories.status, 200, categories.text);
      assert.deepEqual(
        categories.body.items.map((c: { id: string }) => c.id),
        ['beauty', 'spa'],
      );
      assert.deepEqual(await ids('/api/instudio/salons?district=miraflores&category=beauty'), [LARCO]);
      assert.deepEqual(await ids('/api/instudio/salons?category=spa'), [OLIVAR]);
      assert.deepEqual(await ids('/api/instudio/salons?subcategory=waxing&priceMax=5000'), [OLIVAR]);
      assert.deepEqual((await ids('/api/instudio/salons?subcategory=nails')).sort(), [LARCO, BARRANCO]);
      assert.deepEqual(await ids('/api/instudio/salons?service=maquillaje'), [LARCO]);
      assert.deepEqual(await ids('/api/instudio/salons?q=beauty%20bar&sort=relevance'), [BARRANCO]);
      assert.deepEqual(await ids('/api/instudio/salons?priceMin=12000&priceMax=12000'), [LARCO]);
      const paged = await p.fetch('/api/instudio/salons?sort=rating&pageSize=2&page=1');
      assert.equal(paged.status, 200, paged.text);
      assert.equal(paged.body.items.length, 2);
      assert.ok(paged.body.total >= 3);
      const bad = await p.fetch('/api/instudio/salons?priceMin=5000&priceMax=100');
      assert.equal(bad.status, 400, bad.text);
      assert.ok(
        bad.body.errors.some((e: { field: string }) => e.field === 'query.priceMin'),
        bad.text,
      );
    });

    it("shows a salon admin's new price in the public reads within a second", async () => {
      const search = '/api/instudio/salons?district=barranco&priceMin=9500&priceMax=9500';
      const price = async () =>
        (await p.fetch(`/api/instudio/salons/${BARRANCO}`)).body.services.find((s: { id: string }) => s.id === PEINADO)
          ?.priceCents;
      assert.equal(await price(), 9000);
      assert.deepEqual(await ids(search), [], 'read, and so cached, before the change');
      const edit = await p.fetch(`/api/instudio/salons/${BARRANCO}/services/${PEINADO}`, {
        method: 'PATCH',
        token: salonAdmin,
        json: { priceCents: 9500 },
      });
      assert.equal(edit.status, 200, edit.text);
      // The event invalidates the cached reads (a deadline, not a speed: `npm run bench` measures it).
      await eventually(async () => (await price()) === 9500 && (await ids(search)).length === 1, 1000, 20);
    });

    it('lists the active promotions, and a new one as soon as the salon admin publishes it', async () => {
      const seeded = await ids('/api/instudio/promotions');
      assert.ok(seeded.includes('40000000-0000-4000-8000-000000000101'), seeded.join());
      assert.ok(seeded.includes('40000000-0000-4000-8000-000000000201'), seeded.join());
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Lima' }).format(new Date());
      const inTen = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
      const query = `/api/instudio/promotions?salonId=${BARRANCO}&q=acrilicas`;
      assert.deepEqual(await ids(query), []);
      const created = await p.fetch(`/api/instudio/salons/${BARRANCO}/promotions`, {
        token: salonAdmin,
        json: {
          name: 'Acrílicas de verano',
          discountPercent: 15,
          serviceIds: ['20000000-0000-4000-8000-000000000301'],
          validFrom: today,
          validTo: inTen,
          weekdays: [1, 2, 3, 4, 5],
          startTime: '09:00',
          endTime: '13:00',
        },
      });
      assert.equal(created.status, 201, created.text);
      await eventually(async () => (await ids(query))[0] === created.body.id, 1000, 20);
      const off = await p.fetch(`/api/instudio/promotions/${created.body.id}`, {
        method: 'PATCH',
        token: salonAdmin,
        json: { active: false },
      });
      assert.equal(off.status, 200, off.text);
      await eventually(async () => (await ids(query)).length === 0, 1000, 20);
    });
  });
}
