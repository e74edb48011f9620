import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '@coordina/platform/testing';
import { SalonsFixture } from './salons.fixture';

describe('InStudio salon search and catalog', () => {
  let f: SalonsFixture;
  const district = `Distrito ${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};

  const names = async (query: string): Promise<string[]> => {
    const r = await f.app.fetch(`/api/instudio/salons?district=${encodeURIComponent(district)}&${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.map((s: { name: string }) => s.name);
  };

  before(async () => {
    f = await SalonsFixture.start();
    const alpha = await f.salon({ name: 'Alpha Nails', district });
    ids.alphaNails = (await f.service(alpha.id, { name: 'Uñas en gel', subcategory: 'nails', priceCents: 7000 })).id;
    await f.service(alpha.id, { name: 'Corte clásico', subcategory: 'hair', priceCents: 3000 });
    const bravo = await f.salon({ name: 'Bravo Spa', district, description: 'Un lugar tranquilo' });
    await f.service(bravo.id, { name: 'Masaje de piedras', subcategory: 'spa', priceCents: 15000 });
    await f.salon({ name: 'Charlie Studio', district });
    const delta = await f.salon({ name: 'Delta Hair', district });
    await f.service(delta.id, { name: 'Corte premium', subcategory: 'hair', priceCents: 9000 });
    const echo = await f.salon({ name: 'Echo Corte Fino', district });
    await f.service(echo.id, { name: 'Manicure', subcategory: 'nails', priceCents: 2000 });
  });
  after(() => f?.close());

  it('lists the top-level categories with their subcategories', async () => {
    const r = await f.app.fetch('/api/instudio/categories');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
      items: [
        { id: 'beauty', subcategories: ['makeup', 'hair', 'waxing', 'nails', 'other'] },
        { id: 'spa', subcategories: ['spa'] },
      ],
    });
  });

  it('filters by district (any case), listing salons without services too, by rating then name', async () => {
    assert.deepEqual(await names(''), ['Alpha Nails', 'Bravo Spa', 'Charlie Studio', 'Delta Hair', 'Echo Corte Fino']);
    const upper = await f.app.fetch(`/api/instudio/salons?district=${encodeURIComponent(district.toUpperCase())}`);
    assert.equal(upper.body.total, 5);
  });

  it('filters by top-level category, by subcategory and by the older subcategory form of category', async () => {
    assert.deepEqual(await names('category=beauty'), ['Alpha Nails', 'Delta Hair', 'Echo Corte Fino']);
    assert.deepEqual(await names('category=spa'), ['Bravo Spa']);
    assert.deepEqual(await names('subcategory=hair'), ['Alpha Nails', 'Delta Hair']);
    assert.deepEqual(await names('category=nails'), ['Alpha Nails', 'Echo Corte Fino']);
    assert.deepEqual(await names('category=beauty&subcategory=spa'), []);
  });

  it('filters by service id and by service name, ignoring accents and case', async () => {
    assert.deepEqual(await names(`serviceId=${ids.alphaNails}`), ['Alpha Nails']);
    assert.deepEqual(await names('service=UNAS'), ['Alpha Nails']);
    assert.deepEqual(await names('service=corte'), ['Alpha Nails', 'Delta Hair']);
  });

  it('filters by price range: one service of the salon must pass every service filter', async () => {
    assert.deepEqual(await names('priceMin=8000'), ['Bravo Spa', 'Delta Hair']);
    assert.deepEqual(await names('priceMax=3000'), ['Alpha Nails', 'Echo Corte Fino']);
    assert.deepEqual(await names('priceMin=4000&priceMax=8000'), ['Alpha Nails']);
    assert.deepEqual(await names('priceMin=9000&priceMax=9000'), ['Delta Hair']);
    assert.deepEqual(await names('subcategory=hair&priceMin=5000'), ['Delta Hair'], "Alpha's hair service is 30.00");
    const summary = (await f.app.fetch(`/api/instudio/salons?district=${encodeURIComponent(district)}&priceMin=8000`))
      .body.items[1];
    assert.equal(summary.priceFromCents, 9000);
    assert.deepEqual(summary.categories, ['hair']);
  });

  it('searches text in names, descriptions and services, best match first', async () => {
    const corte = await names('q=corte');
    assert.equal(corte[0], 'Echo Corte Fino', 'a match in the name ranks first');
    assert.deepEqual(corte.slice(1).sort(), ['Alpha Nails', 'Delta Hair']);
    assert.deepEqual(await names('q=tranquilo'), ['Bravo Spa']);
    assert.deepEqual(await names(`q=${encodeURIComponent('piedras bravo')}`), ['Bravo Spa'], 'words in any order');
    assert.deepEqual(await names('q=u%C3%B1as'), ['Alpha Nails']);
    assert.deepEqual(await names('q=corte&sort=rating'), ['Alpha Nails', 'Delta Hair', 'Echo Corte Fino']);
    assert.deepEqual(await names('q=nothing-like-this'), []);
  });

  it('paginates with a stable order and the total of all matches', async () => {
    const all = await names('pageSize=100');
    const pages = [];
    for (const page of [1, 2, 3]) {
      const r = await f.app.fetch(
        `/api/instudio/salons?district=${encodeURIComponent(district)}&pageSize=2&page=${page}`,
      );
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.total, 5);
      assert.equal(r.body.page, page);
      assert.equal(r.body.pageSize, 2);
      pages.push(...r.body.items.map((s: { name: string }) => s.name));
    }
    assert.deepEqual(pages, all);
    const beyond = await f.app.fetch(`/api/instudio/salons?district=${encodeURIComponent(district)}&pageSize=2&page=4`);
    assert.deepEqual(beyond.body.items, []);
    assert.equal(beyond.body.total, 5);
  });

  it('answers bad search parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['priceMin=5000&priceMax=1000', 'query.priceMin'],
      ['priceMin=-1', 'query.priceMin'],
      ['priceMax=abc', 'query.priceMax'],
      ['priceMin=1.5', 'query.priceMin'],
      ['category=tattoo', 'query.category'],
      ['subcategory=beauty', 'query.subcategory'],
      ['serviceId=nope', 'query.serviceId'],
      ['sort=price', 'query.sort'],
      [`q=${'x'.repeat(101)}`, 'query.q'],
      ['service=', 'query.service'],
      ['page=0', 'query.page'],
    ];
    for (const [query, field] of cases)
      assertProblem(await f.app.fetch(`/api/instudio/salons?${query}`), { status: 400, field }, query);
  });

  it('lets a platform admin list every salon with its admin; a salon admin sees only their own', async () => {
    const adminId = randomUUID();
    const empty = await f.salon({ name: 'Sin servicios', adminUserId: adminId });
    const listed = await f.app.fetch(`/api/instudio/admin/salons?adminUserId=${adminId}`, { token: f.tokens.platform });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.total, 1);
    assert.deepEqual(
      {
        id: listed.body.items[0].id,
        adminUserId: listed.body.items[0].adminUserId,
        n: listed.body.items[0].serviceCount,
      },
      { id: empty.id, adminUserId: adminId, n: 0 },
    );
    const everything = await f.app.fetch('/api/instudio/admin/salons?pageSize=100', { token: f.tokens.platform });
    assert.ok(everything.body.total >= 9, 'three demo salons and the six of this test');
    const mine = await f.app.fetch('/api/instudio/admin/salons', { token: f.tokens.demoAdmin });
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.body.total, 3, 'the demo admin runs the three demo salons');
    const theirs = await f.app.fetch(`/api/instudio/admin/salons?adminUserId=${adminId}`, {
      token: f.tokens.demoAdmin,
    });
    assert.equal(theirs.status, 403);
    assert.equal((await f.app.fetch('/api/instudio/admin/salons', { token: f.tokens.client })).status, 403);
    assert.equal((await f.app.fetch('/api/instudio/admin/salons')).status, 401);
  });

  it('lets a platform admin hand a salon to another admin, who may then manage it instead of the first', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const salon = await f.salon({ adminUserId: first });
    const reassign = await f.app.fetch(`/api/instudio/salons/${salon.id}`, {
      method: 'PATCH',
      token: f.tokens.platform,
      json: { adminUserId: second },
    });
    assert.equal(reassign.status, 200, reassign.text);
    assert.equal(reassign.body.adminUserId, second);
    const service = { name: 'Corte', subcategory: 'hair', durationMinutes: 30, priceCents: 2000 };
    const asFirst = await f.app.fetch(`/api/instudio/salons/${salon.id}/services`, {
      token: await f.sign(first, ['salon_admin']),
      json: service,
    });
    assert.equal(asFirst.status, 403);
    const asSecond = await f.app.fetch(`/api/instudio/salons/${salon.id}/services`, {
      token: await f.sign(second, ['salon_admin']),
      json: service,
    });
    assert.equal(asSecond.status, 201, asSecond.text);
    const list = await f.app.fetch('/api/instudio/admin/salons', { token: await f.sign(second, ['salon_admin']) });
    assert.deepEqual(
      list.body.items.map((s: { id: string }) => s.id),
      [salon.id],
    );
  });
});
