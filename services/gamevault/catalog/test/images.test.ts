import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertProblem, type TestResponse } from '@coordina/platform/testing';
import sharp from 'sharp';
import { CatalogFixture } from './catalog.fixture';

const MAX_BYTES = 300_000;

/** A photo as a phone takes it: 2000×1500 JPEG with EXIF (who took it, a description). */
function photo(): Promise<Buffer> {
  return sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Vendedor Demo', ImageDescription: 'mi casa en Miraflores' } })
    .toBuffer();
}

describe('GameVault catalog: product pictures', () => {
  let f: CatalogFixture;
  let dir: string;
  let productId: string;

  /** Sends a multipart upload with one `file` part, as a browser's form would. */
  const upload = async (
    bytes: Buffer | string,
    name: string,
    type: string,
    who: 'seller' | 'otherSeller' | 'buyer' | 'admin' = 'seller',
    id = productId,
    field = 'file',
  ): Promise<TestResponse> => {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), name);
    const res = await fetch(`${f.app.url}/api/gamevault/products/${id}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.tokens[who]}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
  };
  const download = async (url: string): Promise<{ type: string | null; data: Buffer }> => {
    const res = await fetch(`${f.app.url}${url}`);
    assert.equal(res.status, 200, url);
    return { type: res.headers.get('content-type'), data: Buffer.from(await res.arrayBuffer()) };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gv-catalog-images-'));
    f = await CatalogFixture.start({
      GAMEVAULT_CATALOG_IMAGE_DIR: dir,
      GAMEVAULT_CATALOG_IMAGE_MAX_BYTES: String(MAX_BYTES),
    });
    const created = await f.publish({ title: 'Foto Quest' });
    assert.equal(created.status, 201, created.text);
    productId = created.body.id;
  });
  after(async () => {
    await f?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resizes a photo, thumbnails it, strips its EXIF, and lists it on the product', async () => {
    const original = await photo();
    assert.ok((await sharp(original).metadata()).exif, 'the photo has EXIF to strip');
    const r = await upload(original, 'foto.jpg', 'image/jpeg');
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.width, r.body.height], [1200, 900], 'fits 1200 px, keeps its proportions');

    const big = await download(r.body.url);
    assert.equal(big.type, 'image/webp');
    const meta = await sharp(big.data).metadata();
    assert.equal(meta.format, 'webp');
    assert.deepEqual([meta.width, meta.height], [1200, 900]);
    assert.equal(meta.exif, undefined, 'no EXIF left');
    assert.equal(meta.xmp, undefined);
    assert.ok(!big.data.includes('Miraflores'), 'not a byte of the description');
    const thumb = await sharp((await download(r.body.thumbnailUrl)).data).metadata();
    assert.deepEqual([thumb.width, thumb.height, thumb.exif], [320, 320, undefined]);

    const product = await f.app.fetch(`/api/gamevault/products/${productId}`);
    assert.deepEqual(product.body.images, [r.body], 'the product lists it (its cached view was dropped)');
  });

  it('reads the type from the bytes: a PNG named .jpg is a picture, a text named .png is not', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 4, background: '#00ff0080' } })
      .png()
      .toBuffer();
    const renamed = await upload(png, 'captura.jpg', 'image/jpeg');
    assert.equal(renamed.status, 201, renamed.text);
    assert.deepEqual([renamed.body.width, renamed.body.height], [64, 48], 'never enlarged');

    const before = readdirSync(dir).length;
    assertProblem(await upload('no soy una imagen, solo texto\n'.repeat(10), 'portada.png', 'image/png'), {
      status: 415,
      field: 'body.file',
    });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    assertProblem(await upload(svg, 'logo.png', 'image/png'), { status: 415, field: 'body.file' });
    assertProblem(await upload(png.subarray(0, 40), 'rota.png', 'image/png'), { status: 415, field: 'body.file' });
    assert.equal(readdirSync(dir).length, before, 'nothing refused is stored');
  });

  it('refuses a picture over the size limit, a body without a file, and anyone but the seller or an admin', async () => {
    // Noise does not compress: this PNG is larger than the limit.
    const noise = await sharp(randomBytes(400 * 400 * 3), { raw: { width: 400, height: 400, channels: 3 } })
      .png()
      .toBuffer();
    assert.ok(noise.length > MAX_BYTES);
    assertProblem(await upload(noise, 'ruido.png', 'image/png'), {
      status: 413,
      code: 'IMAGE_TOO_LARGE',
      field: 'body.file',
    });
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    assertProblem(await upload(small, 'x.png', 'image/png', 'seller', productId, 'picture'), {
      status: 400,
      field: 'body.file',
    });
    assertProblem(await upload(small, 'x.png', 'image/png', 'otherSeller'), {
      status: 403,
      code: 'NOT_PRODUCT_SELLER',
    });
    assertProblem(await upload(small, 'x.png', 'image/png', 'buyer'), { status: 403 });
    assertProblem(await upload(small, 'x.png', 'image/png', 'admin', randomUUID()), { status: 404 });
    const byAdmin = await upload(small, 'x.png', 'image/png', 'admin');
    assert.equal(byAdmin.status, 201, byAdmin.text);
    assertProblem(
      await f.app.fetch(`/api/gamevault/products/${productId}/images`, { token: f.tokens.seller, json: { file: 'x' } }),
      { status: 400, field: 'body.file' },
    );
    // multipart is taken only where a contract declares an upload.
    const form = new FormData();
    form.append('title', 'x');
    const elsewhere = await fetch(`${f.app.url}/api/gamevault/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.tokens.seller}` },
      body: form,
    });
    assert.equal(elsewhere.status, 415);
    assert.equal((await f.app.fetch(`/api/gamevault/images/${randomUUID()}`)).status, 404);
  });

  it('keeps at most 10 pictures on a product', async () => {
    const created = await f.publish({ title: 'Galería' });
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    for (let n = 0; n < 10; n++)
      assert.equal((await upload(small, 'x.png', 'image/png', 'seller', created.body.id)).status, 201);
    assertProblem(await upload(small, 'x.png', 'image/png', 'seller', created.body.id), {
      status: 409,
      code: 'TOO_MANY_IMAGES',
    });
    assert.equal((await f.app.fetch(`/api/gamevault/products/${created.body.id}`)).body.images.length, 10);
  });
});
