import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { sql } from '@coordina/platform';
import { assertProblem } from '@coordina/platform/testing';
import type { ProductFacets, ProductPage, ProductView } from '../src/contracts';
import { demoProducts } from '../src/demo';
import { CatalogFixture } from './catalog.fixture';

/** The facets a result should have, counted here from its products. */
function facetsOf(items: readonly ProductView[]): ProductFacets {
  const f = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v, 0]));
  const facets = {
    console: f(['ps5', 'ps4', 'xbox-series', 'xbox-one', 'switch', 'pc', 'retro']),
    genre: f(['action', 'adventure', 'rpg', 'sports', 'racing', 'shooter', 'strategy', 'puzzle', 'fighting']),
    condition: f(['new', 'used']),
    rarity: f(['common', 'uncommon', 'rare', 'collector']),
    available: f(['true', 'false']),
  } as Record<keyof ProductFacets, Record<string, number>>;
  for (const p of items) {
    for (const k of ['console', 'genre', 'condition', 'rarity'] as const) facets[k][p[k]] = (facets[k][p[k]] ?? 0) + 1;
    facets.available[String(p.stock > 0)] = (facets.available[String(p.stock > 0)] ?? 0) + 1;
  }
  return facets as ProductFacets;
}

describe('GameVault catalog search: typos, filters, facets, sorts, related products', () => {
  let f: CatalogFixture;
  const search = async (query: string) => {
    const r = await f.app.fetch(`/api/gamevault/products?${query}`);
    assert.equal(r.status, 200, `${query}: ${r.text}`);
    return r.body as ProductPage;
  };
  const titles = async (query: string) => (await search(query)).items.map((p) => p.title);

  before(async () => {
    f = await CatalogFixture.start();
  });
  after(() => f?.close());

  it('finds titles and keywords despite a typo, the closest first', async () => {
    const zelda = demoProducts.filter((p) => p.product.title.includes('Zelda')).map((p) => p.product.title);
    assert.deepEqual((await titles('q=zelad&pageSize=100')).sort(), zelda.sort(), 'two letters swapped');
    assert.deepEqual((await titles('q=zeld&pageSize=100')).sort(), zelda.sort(), 'a letter missing');
    assert.deepEqual(await titles('q=bloodborn'), ['Bloodborne']);
    assert.deepEqual(await titles('q=metroid'), ['Metroid Dread'], 'mario does not match metroid, nor the reverse');
    const nintendo = demoProducts.filter((p) => ['switch'].includes(p.product.console)).length;
    assert.equal((await search('q=nintendo&pageSize=100')).total, nintendo, 'keywords are searched');
    // Relevance: the exact substring before the near words.
    const mario = await titles('q=mario&pageSize=100');
    assert.ok(mario.length >= 3, mario.join());
    assert.ok(
      mario.slice(0, 3).every((t) => t.toLowerCase().includes('mario')),
      `exact matches first: ${mario.join(', ')}`,
    );
    assert.deepEqual(await titles('q=xyzzy'), []);
    assert.deepEqual(await titles('q=%25%25'), [], 'no words, no matches');
  });

  it('learns the words of new products, and a typo means its closest words only', async () => {
    const r = await f.publish({ title: 'Sonic Frontiers', console: 'ps5', genre: 'action' });
    assert.equal(r.status, 201, r.text);
    const sonic = await titles('q=sonik&pageSize=100');
    assert.deepEqual(sonic.sort(), ['Sonic Frontiers', 'Sonic the Hedgehog 2 (Mega Drive)']);
    assert.ok(
      !sonic.some((t) => t.includes('God of War')),
      'sonik is not "sony" (a keyword of every PlayStation game)',
    );
    assert.deepEqual(await titles('q=frontirs'), ['Sonic Frontiers'], 'a word only the new product has');
    assert.deepEqual(await titles('q=sonik%20frontirs'), ['Sonic Frontiers'], 'every typed word must match');
  });

  it('filters by rarity, availability, console, genre, condition and price, and counts facets of the result', async () => {
    const soldOut = await f.publish({
      title: 'Agotado Quest',
      console: 'retro',
      genre: 'rpg',
      rarity: 'rare',
      stock: 0,
    });
    assert.equal(soldOut.status, 201, soldOut.text);
    const all = await search('pageSize=100');
    assert.equal(all.total, all.items.length);
    assert.deepEqual(all.facets, facetsOf(all.items), 'facets of the whole catalog');

    const queries: [string, (p: ProductView) => boolean][] = [
      ['rarity=collector', (p) => p.rarity === 'collector'],
      ['available=false', (p) => p.stock === 0],
      ['available=true&console=retro', (p) => p.stock > 0 && p.console === 'retro'],
      ['console=ps5&genre=rpg&condition=new', (p) => p.console === 'ps5' && p.genre === 'rpg' && p.condition === 'new'],
      [
        'genre=rpg&minPrice=10000&maxPrice=20000',
        (p) => p.genre === 'rpg' && p.priceCents >= 10_000 && p.priceCents <= 20_000,
      ],
      ['rarity=rare&available=true', (p) => p.rarity === 'rare' && p.stock > 0],
    ];
    for (const [query, keep] of queries) {
      const want = all.items.filter(keep);
      assert.ok(want.length > 0, query);
      const got = await search(`${query}&pageSize=100`);
      assert.deepEqual(got.items.map((p) => p.id).sort(), want.map((p) => p.id).sort(), query);
      assert.equal(got.total, want.length, query);
      assert.deepEqual(got.facets, facetsOf(want), `facets of ${query}`);
    }
    assert.ok((await search('available=false')).items.some((p) => p.id === soldOut.body.id));
    assertProblem(await f.app.fetch('/api/gamevault/products?available=maybe'), {
      status: 400,
      field: 'query.available',
    });
    assertProblem(await f.app.fetch('/api/gamevault/products?rarity=legendary'), {
      status: 400,
      field: 'query.rarity',
    });
    assertProblem(await f.app.fetch('/api/gamevault/products?sort=cheap'), { status: 400, field: 'query.sort' });
  });

  it('sorts by price, rating and newest, page by page without overlap', async () => {
    const c = f.ctx.db.db;
    const [first, second] = demoProducts;
    assert.ok(first && second);
    await sql`UPDATE products SET rating_avg = 4.5, rating_count = 2 WHERE id = ${first.id}`.execute(c);
    await sql`UPDATE products SET rating_avg = 4.9, rating_count = 7 WHERE id = ${second.id}`.execute(c);
    const top = await search('sort=rating&pageSize=2');
    assert.deepEqual(
      top.items.map((p) => p.id),
      [second.id, first.id],
    );
    assert.equal(top.items[0]?.ratingAvg, 4.9);
    assert.equal(top.items[0]?.ratingCount, 7);
    const desc = (await search('sort=price-desc&pageSize=100')).items.map((p) => p.priceCents);
    assert.deepEqual(
      desc,
      [...desc].sort((a, b) => b - a),
    );
    const newest = (await search('pageSize=100')).items.map((p) => p.createdAt);
    assert.deepEqual(newest, [...newest].sort().reverse());
    const p1 = await search('sort=price-asc&pageSize=5&page=1');
    const p2 = await search('sort=price-asc&pageSize=5&page=2');
    assert.equal(p2.page, 2);
    assert.equal(p2.pageSize, 5);
    assert.equal(p1.total, p2.total);
    assert.ok(!p2.items.some((p) => p1.items.some((q) => q.id === p.id)));
    assert.ok((p1.items.at(-1)?.priceCents ?? 0) <= (p2.items[0]?.priceCents ?? 0));
  });

  it("lists one seller's products (seller=), with the other filters and facets, refreshed by their writes", async () => {
    const mine = await search(`seller=${DemoUsers.seller.id}&pageSize=100`);
    assert.ok(mine.total > 0);
    assert.ok(mine.items.every((p) => p.sellerId === DemoUsers.seller.id));
    assert.deepEqual(mine.facets, facetsOf(mine.items), 'facets of the seller result');
    const other = `seller=${f.otherSellerId}&pageSize=100`;
    assert.equal((await search(other)).total, 0, 'a seller with nothing listed');
    // The empty page is cached now; the seller's new product must show at once (the listing generation is replaced).
    const created = await f.publish({ title: 'Vendedor Nuevo', console: 'switch', genre: 'puzzle' }, 'otherSeller');
    assert.equal(created.status, 201, created.text);
    const theirs = await search(other);
    assert.deepEqual(
      theirs.items.map((p) => p.title),
      ['Vendedor Nuevo'],
    );
    assert.equal((await search(`${other}&console=ps5`)).total, 0, 'combined with another filter');
    const patched = await f.app.fetch(`/api/gamevault/products/${created.body.id}`, {
      method: 'PATCH',
      token: f.tokens.otherSeller,
      json: { stock: 0 },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal((await search(other)).items[0]?.stock, 0, 'an edit shows in the seller listing');
    assertProblem(await f.app.fetch('/api/gamevault/products?seller=someone'), { status: 400, field: 'query.seller' });
  });

  it('lists related products: same console and genre first, then same genre, in stock, never itself', async () => {
    const eldenPs5 = demoProducts.find((p) => p.product.title === 'Elden Ring' && p.product.console === 'ps5');
    assert.ok(eldenPs5);
    const r = await f.app.fetch(`/api/gamevault/products/${eldenPs5.id}/related`);
    assert.equal(r.status, 200, r.text);
    const items = r.body.items as ProductView[];
    assert.ok(items.length > 0 && items.length <= 8);
    assert.ok(!items.some((p) => p.id === eldenPs5.id));
    assert.ok(items.every((p) => p.genre === 'rpg' && p.stock > 0));
    const sameConsole = items.findIndex((p) => p.console !== 'ps5');
    assert.ok(sameConsole > 0, 'ps5 rpgs first');
    assert.ok(items.slice(sameConsole).every((p) => p.console !== 'ps5'));
    assert.equal(
      items.slice(0, sameConsole).length,
      demoProducts.filter(
        (p) => p.product.console === 'ps5' && p.product.genre === 'rpg' && p.id !== eldenPs5.id && p.product.stock > 0,
      ).length,
    );
    assertProblem(await f.app.fetch('/api/gamevault/products/00000000-0000-4000-8000-000000000000/related'), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});
