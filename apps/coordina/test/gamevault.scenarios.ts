import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { demoProducts } from '@coordina/gamevault-catalog/demo';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually } from '@coordina/platform/testing';
import { itemIds, type Product } from './harness';

const OCARINA = demoProducts.find((p) => p.product.title.includes('Ocarina'));

/** GameVault's catalog through the gateway, run unchanged on each topology. */
export function gamevaultScenarios(name: string, start: () => Promise<Product>): void {
  describe(`GameVault catalog end to end (${name})`, () => {
    let p: Product;
    let seller: string;
    let buyer: string;

    const signIn = async (email: string): Promise<string> => {
      const login = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
      assert.equal(login.status, 200, login.text);
      return login.body.accessToken;
    };
    const ids = (path: string) => itemIds(p, path);

    before(async () => {
      p = await start();
      seller = await signIn(DemoUsers.seller.email);
      buyer = await signIn(DemoUsers.buyer.email);
    });
    after(() => p?.close());

    it('signs in the demo buyer and seller with their GameVault roles', async () => {
      for (const [token, demo] of [
        [buyer, DemoUsers.buyer],
        [seller, DemoUsers.seller],
      ] as const) {
        const me = await p.fetch('/api/identity/me', { token });
        assert.equal(me.status, 200, me.text);
        assert.deepEqual([me.body.id, me.body.roles], [demo.id, [...demo.roles]]);
      }
    });

    it('lists and searches the demo catalog by title, console, genre, condition and price', async () => {
      assert.ok(OCARINA);
      const all = await p.fetch('/api/gamevault/products?pageSize=100');
      assert.equal(all.status, 200, all.text);
      assert.ok(all.body.total >= demoProducts.length, all.text);
      assert.deepEqual(await ids('/api/gamevault/products?q=OCARINA&console=retro&condition=used'), [OCARINA.id]);
      const switchAdventures = demoProducts
        .filter((d) => d.product.console === 'switch' && d.product.genre === 'adventure')
        .filter((d) => d.product.priceCents <= 25_000)
        .map((d) => d.id);
      assert.deepEqual(
        (await ids('/api/gamevault/products?console=switch&genre=adventure&maxPrice=25000')).sort(),
        switchAdventures.sort(),
      );
      const page = await p.fetch('/api/gamevault/products?sort=price-desc&page=2&pageSize=5');
      assert.equal(page.status, 200, page.text);
      assert.deepEqual([page.body.page, page.body.pageSize, page.body.items.length], [2, 5, 5]);
      const detail = await p.fetch(`/api/gamevault/products/${OCARINA.id}`);
      assert.equal(detail.status, 200, detail.text);
      assert.deepEqual([detail.body.title, detail.body.rarity], [OCARINA.product.title, 'collector']);
      const bad = await p.fetch('/api/gamevault/products?minPrice=9000&maxPrice=10');
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.ok(
        bad.body.errors.some((e: { field: string }) => e.field === 'query.minPrice'),
        bad.text,
      );
    });

    it("shows a seller's new product and its new price in the cached public list within a second", async () => {
      const title = `Pikmin ${randomUUID().slice(0, 8)}`;
      const search = `/api/gamevault/products?q=${encodeURIComponent(title)}&console=switch`;
      assert.deepEqual(await ids(search), [], 'read, and so cached, before the product exists');
      const created = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title,
          console: 'switch',
          genre: 'strategy',
          condition: 'new',
          format: 'physical',
          priceCents: 18_900,
          stock: 4,
        },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.sellerId, DemoUsers.seller.id);
      // producto.publicado invalidates the cached pages (a deadline, not a speed).
      await eventually(async () => (await ids(search)).length === 1, 1000, 20);

      const cheaper = `${search}&maxPrice=15000`;
      assert.deepEqual(await ids(cheaper), [], 'cached before the change');
      const edit = await p.fetch(`/api/gamevault/products/${created.body.id}`, {
        method: 'PATCH',
        token: seller,
        json: { priceCents: 14_900 },
      });
      assert.equal(edit.status, 200, edit.text);
      await eventually(
        async () =>
          (await ids(cheaper)).length === 1 &&
          (await p.fetch(`/api/gamevault/products/${created.body.id}`)).body.priceCents === 14_900,
        1000,
        20,
      );
    });

    it('refuses writes from a buyer, an anonymous caller and a seller who does not own the product', async () => {
      const body = {
        title: 'Nope',
        console: 'pc',
        genre: 'rpg',
        condition: 'new',
        format: 'digital',
        priceCents: 100,
        stock: 1,
      };
      assert.equal((await p.fetch('/api/gamevault/products', { token: buyer, json: body })).status, 403);
      assert.equal((await p.fetch('/api/gamevault/products', { json: body })).status, 401);
      const other = await p.mint(randomUUID(), ['seller']);
      const edit = await p.fetch(`/api/gamevault/products/${demoProducts[0]?.id}`, {
        method: 'PATCH',
        token: other,
        json: { stock: 0 },
      });
      assert.equal(edit.status, 403, edit.text);
      assert.equal(edit.body.code, 'NOT_PRODUCT_SELLER');
      const invalid = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: { ...body, condition: 'used' },
      });
      assert.equal(invalid.status, 400, invalid.text);
      assert.ok(
        invalid.body.errors.some((e: { field: string }) => e.field === 'body.condition'),
        invalid.text,
      );
    });
  });
}
