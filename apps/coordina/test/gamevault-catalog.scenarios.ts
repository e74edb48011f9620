import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { assertProblem } from '@coordina/platform/testing';
import sharp from 'sharp';
import type { Product } from './harness';

/**
 * GameVault's catalog search and product pictures through the entry point (nginx and the
 * gateways when distributed): a multipart upload reaches the catalog, its picture comes back
 * resized without EXIF, and the search finds a typo with its facets. Run on each topology.
 */
export function gamevaultCatalogScenarios(name: string, start: () => Promise<Product>): void {
  describe(`GameVault catalog pictures and search end to end (${name})`, () => {
    let p: Product;
    let seller: string;

    before(async () => {
      p = await start();
      const login = await p.fetch('/api/identity/login', {
        json: { email: DemoUsers.seller.email, password: p.demoPassword },
      });
      assert.equal(login.status, 200, login.text);
      seller = login.body.accessToken;
    });
    after(() => p?.close());

    const upload = async (productId: string, bytes: Buffer | string, fileName: string, type: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type }), fileName);
      const res = await fetch(`${p.url}/api/gamevault/products/${productId}/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seller}` },
        body: form,
      });
      const text = await res.text();
      const json = res.headers.get('content-type')?.includes('json');
      assert.ok(json, `${res.status} ${text.slice(0, 300)}`);
      return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
    };

    it('uploads a photo (over 1 MiB) with EXIF: stored resized, thumbnailed and without EXIF; a text is refused', async () => {
      const created = await p.fetch('/api/gamevault/products', {
        token: seller,
        json: {
          title: 'Zelda Foto Edition',
          console: 'switch',
          genre: 'adventure',
          condition: 'used',
          format: 'physical',
          priceCents: 9_900,
          stock: 1,
        },
      });
      assert.equal(created.status, 201, created.text);
      // Noise does not compress: a 2400×1800 photo of it is a few MiB, past JSON's 1 MiB.
      const photo = await sharp(
        Buffer.alloc(2400 * 1800 * 3, 0).map(() => Math.floor(Math.random() * 256)),
        {
          raw: { width: 2400, height: 1800, channels: 3 },
        },
      )
        .jpeg({ quality: 90 })
        .withExif({ IFD0: { Artist: 'Vendedor', ImageDescription: 'Jr. Los Pinos 123' } })
        .toBuffer();
      assert.ok(photo.length > 1024 * 1024 && photo.length < 5 * 1024 * 1024, `${photo.length} bytes`);
      const r = await upload(created.body.id, photo, 'foto.png', 'image/png');
      assert.equal(r.status, 201, r.text);
      assert.deepEqual([r.body.width, r.body.height], [1200, 900]);
      // The picture itself is larger than nginx's buffers: passed on, not written to a file.
      const full = await fetch(`${p.url}${r.body.url}`);
      assert.equal(full.status, 200);
      assert.deepEqual((await sharp(Buffer.from(await full.arrayBuffer())).metadata()).width, 1200);
      const thumb = await fetch(`${p.url}${r.body.thumbnailUrl}`);
      assert.equal(thumb.status, 200);
      assert.equal(thumb.headers.get('content-type'), 'image/webp');
      const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['webp', 320, 320, undefined]);
      const view = await p.fetch(`/api/gamevault/products/${created.body.id}`);
      assert.deepEqual(
        view.body.images.map((i: { id: string }) => i.id),
        [r.body.id],
      );
      assertProblem(await upload(created.body.id, 'texto plano, no imagen', 'portada.png', 'image/png'), {
        status: 415,
        field: 'body.file',
      });
    });

    it('finds the demo Zelda games from a typo, with facets and related products', async () => {
      const r = await p.fetch('/api/gamevault/products?q=zelad&console=switch&condition=new');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.length > 0);
      assert.ok(r.body.items.every((i: { title: string }) => i.title.includes('Zelda')));
      assert.equal(r.body.facets.console.switch, r.body.total);
      assert.equal(r.body.facets.condition.used, 0);
      const related = await p.fetch(`/api/gamevault/products/${r.body.items[0].id}/related`);
      assert.equal(related.status, 200, related.text);
      assert.ok(related.body.items.every((i: { genre: string }) => i.genre === 'adventure'));
    });

    it("lists one seller's products through the entry point (seller=), and refuses a malformed seller", async () => {
      const seller = DemoUsers.seller.id;
      const r = await p.fetch(`/api/gamevault/products?seller=${seller}&console=switch&pageSize=100`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.total > 0);
      assert.ok(
        r.body.items.every(
          (i: { sellerId: string; console: string }) => i.sellerId === seller && i.console === 'switch',
        ),
      );
      assert.equal(r.body.facets.console.switch, r.body.total);
      const none = await p.fetch(`/api/gamevault/products?seller=${randomUUID()}`);
      assert.deepEqual([none.status, none.body.total], [200, 0]);
      assertProblem(await p.fetch('/api/gamevault/products?seller=nadie'), { status: 400, field: 'query.seller' });
    });
  });
}
