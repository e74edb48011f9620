import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { sql } from '@coordina/platform';
import { assertProblem } from '@coordina/platform/testing';
import { catalogService } from '../src';
import { demoProducts } from '../src/demo';
import { CatalogFixture } from './catalog.fixture';

describe('GameVault catalog: demo data, search, seller and admin writes', () => {
  let f: CatalogFixture;
  const ids = async (path: string): Promise<string[]> => {
    const r = await f.app.fetch(path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.body.items.map((p: { id: string }) => p.id);
  };

  before(async () => {
    f = await CatalogFixture.start();
  });
  after(() => f?.close());

  it('seeds the demo catalog once, each product announced by producto.publicado', async () => {
    assert.ok(catalogService.seed);
    await catalogService.seed(f.ctx);
    const demo = new Set(demoProducts.map((p) => p.id));
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM products
      WHERE id = ANY(${[...demo]}::uuid[])`.execute(f.ctx.db.db);
    assert.equal(r.rows[0]?.n, demoProducts.length);
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'producto.publicado' AND key = ANY(${[...demo]}::text[])`.execute(f.ctx.db.db);
    assert.equal(events.rows[0]?.n, demoProducts.length, 'one event per product, not per seed run');
    const first = await f.app.fetch(`/api/gamevault/products/${demoProducts[0]?.id}`);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.sellerId, DemoUsers.seller.id);
  });

  it('filters by console, genre, condition and price range, searches titles, pages and sorts', async () => {
    const zelda = demoProducts.filter((p) => p.product.title.includes('Zelda')).map((p) => p.id);
    assert.deepEqual((await ids('/api/gamevault/products?q=zelda&pageSize=100')).sort(), zelda.sort());
    assert.deepEqual(await ids('/api/gamevault/products?q=ocarina&console=retro&condition=used'), [zelda[1]]);
    const want = demoProducts
      .filter((p) => p.product.console === 'ps5' && p.product.genre === 'rpg')
      .filter((p) => p.product.priceCents >= 20_000 && p.product.priceCents <= 25_000)
      .map((p) => p.id);
    assert.ok(want.length > 0);
    assert.deepEqual(
      (await ids('/api/gamevault/products?console=ps5&genre=rpg&minPrice=20000&maxPrice=25000')).sort(),
      want.sort(),
    );
    const cheap = await f.app.fetch('/api/gamevault/products?sort=price-asc&pageSize=3&page=1');
    assert.equal(cheap.status, 200, cheap.text);
    assert.equal(cheap.body.items.length, 3);
    assert.ok(cheap.body.total >= demoProducts.length);
    const prices = cheap.body.items.map((p: { priceCents: number }) => p.priceCents);
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
    );
    const page2 = await ids('/api/gamevault/products?sort=price-asc&pageSize=3&page=2');
    assert.equal(page2.length, 3);
    assert.ok(!page2.some((id) => cheap.body.items.some((p: { id: string }) => p.id === id)), 'pages do not overlap');
    assert.deepEqual(await ids('/api/gamevault/products?q=100%25'), [], 'LIKE wildcards are escaped');
  });

  it('answers a bad query, body or id with a problem naming the field', async () => {
    assertProblem(await f.app.fetch('/api/gamevault/products?minPrice=5000&maxPrice=100'), {
      status: 400,
      field: 'query.minPrice',
    });
    assertProblem(await f.app.fetch('/api/gamevault/products?console=atari'), { status: 400, field: 'query.console' });
    assertProblem(await f.app.fetch('/api/gamevault/products/nope'), { status: 400, field: 'params.id' });
    assertProblem(await f.app.fetch(`/api/gamevault/products/${randomUUID()}`), { status: 404, code: 'NOT_FOUND' });
    assertProblem(await f.publish({ priceCents: -1 }), { status: 400, field: 'body.priceCents' });
    assertProblem(await f.publish({ title: '' }), { status: 400, field: 'body.title' });
    assertProblem(await f.publish({ format: 'digital', condition: 'used' }), { status: 400, field: 'body.condition' });
  });

  it('lets a seller publish as themselves and an admin for a named seller', async () => {
    const mine = await f.publish({ title: 'Hollow Knight', console: 'switch', format: 'digital', stock: 50 });
    assert.equal(mine.status, 201, mine.text);
    assert.equal(mine.body.sellerId, DemoUsers.seller.id);
    assert.equal(mine.body.rarity, 'common');
    const event = await sql<{ data: { product: { id: string; title: string } } }>`SELECT event->'data' AS data
      FROM coordina_outbox WHERE topic = 'producto.publicado' AND key = ${mine.body.id}`.execute(f.ctx.db.db);
    assert.equal(event.rows[0]?.data.product.title, 'Hollow Knight', 'published through the outbox');

    assertProblem(await f.publish({ sellerId: f.otherSellerId }), { status: 400, field: 'body.sellerId' });
    assertProblem(await f.publish({}, 'admin'), { status: 400, field: 'body.sellerId' });
    const byAdmin = await f.publish({ sellerId: f.otherSellerId }, 'admin');
    assert.equal(byAdmin.status, 201, byAdmin.text);
    assert.equal(byAdmin.body.sellerId, f.otherSellerId);
    assertProblem(await f.publish({}, 'buyer'), { status: 403 });
  });

  it('lets only the seller or an admin change a product, and announces the change', async () => {
    const created = await f.publish({ priceCents: 10_000, description: 'Sellado', rarity: 'rare' });
    assert.equal(created.status, 201, created.text);
    const path = `/api/gamevault/products/${created.body.id}`;
    const edit = await f.app.fetch(path, { method: 'PATCH', token: f.tokens.seller, json: { priceCents: 8_000 } });
    assert.equal(edit.status, 200, edit.text);
    assert.equal(edit.body.priceCents, 8_000);
    assert.deepEqual(
      [edit.body.description, edit.body.rarity],
      ['Sellado', 'rare'],
      'what a PATCH does not name stays',
    );
    assert.equal((await f.app.fetch(path)).body.priceCents, 8_000, 'the cached detail was dropped');
    const events = await sql<{ price: number }>`SELECT (event->'data'->'product'->>'priceCents')::int AS price
      FROM coordina_outbox WHERE topic = 'producto.actualizado' AND key = ${created.body.id}`.execute(f.ctx.db.db);
    assert.deepEqual(
      events.rows.map((r) => r.price),
      [8_000],
    );

    assertProblem(await f.app.fetch(path, { method: 'PATCH', token: f.tokens.otherSeller, json: { stock: 0 } }), {
      status: 403,
      code: 'NOT_PRODUCT_SELLER',
    });
    const byAdmin = await f.app.fetch(path, { method: 'PATCH', token: f.tokens.admin, json: { stock: 0 } });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal(byAdmin.body.stock, 0);
    assertProblem(await f.app.fetch(path, { method: 'PATCH', token: f.tokens.seller, json: {} }), {
      status: 400,
      field: 'body.title',
    });
    assertProblem(
      await f.app.fetch(path, {
        method: 'PATCH',
        token: f.tokens.seller,
        json: { format: 'digital', condition: 'used' },
      }),
      { status: 400, field: 'body.condition' },
    );
    const used = await f.app.fetch(path, { method: 'PATCH', token: f.tokens.seller, json: { condition: 'used' } });
    assert.equal(used.status, 200, used.text);
    assertProblem(await f.app.fetch(path, { method: 'PATCH', token: f.tokens.seller, json: { format: 'digital' } }), {
      status: 400,
      field: 'body.format',
    });
    assertProblem(
      await f.app.fetch(`/api/gamevault/products/${randomUUID()}`, {
        method: 'PATCH',
        token: f.tokens.admin,
        json: { stock: 1 },
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
  });
});
