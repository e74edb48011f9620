import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { testFetch } from '@coordina/platform/testing';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { contextOptions, pageFailures } from './browser';
import { auditSignedInPages } from './web.scenarios';

const WAIT = { timeout: 60_000 };
const EDIT_URL = /\/gamevault\/selling\/([0-9a-f-]{36})\/edit$/;

function field(page: Page, name: string) {
  return page.locator(`main [name="${name}"]`);
}

/**
 * In a browser (issue 16's seller, decision 0100): the demo seller opens "Mis productos en
 * venta" from the user menu and sees their own products (price and stock), publishes a new
 * digital game (the page refuses a used digital one before sending), adds a picture on its
 * edit page, changes its price and sells it out, and finds the change in their list, on the
 * product's public page and, through its "more from this seller" link, on the public seller
 * page. The catalog's `seller` search answers the same right away (its cache was replaced).
 * axe-core audits the three pages on a desktop and a phone.
 */
export async function sellerPublishesAndEditsAProduct(
  base: string,
  browser: Browser,
  demoPassword: string,
): Promise<void> {
  const title = `Vendedor ${randomUUID().slice(0, 8)}`;
  const context = await browser.newContext(contextOptions('desktop'));
  const page = await context.newPage();
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/sign-in`);
    await field(page, 'email').fill(DemoUsers.seller.email);
    await field(page, 'password').fill(demoPassword);
    await page.locator('main form button[type="submit"]').click();
    await page.getByTestId('account-email').waitFor(WAIT);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Mis productos en venta' }).click();
    await page.getByRole('heading', { name: 'Mis productos en venta', level: 1 }).waitFor(WAIT);
    const rows = page.getByTestId('seller-product');
    await rows.first().waitFor(WAIT);
    const listed = await testFetch(base, `/api/gamevault/products?seller=${DemoUsers.seller.id}&pageSize=1`);
    assert.equal(listed.status, 200, listed.text);
    assert.ok(listed.body.total > 0, 'the demo seller sells the demo catalog');
    await page
      .getByTestId('product-count')
      .filter({ hasText: `Productos: ${listed.body.total}` })
      .waitFor(WAIT);
    assert.equal(await rows.count(), Math.min(20, listed.body.total), 'one page of 20');

    await page.getByRole('link', { name: 'Publicar un producto' }).click();
    await page.getByRole('heading', { name: 'Publicar un producto', level: 1 }).waitFor(WAIT);
    await field(page, 'title').fill(title);
    await field(page, 'console').selectOption('pc');
    await field(page, 'genre').selectOption('rpg');
    await field(page, 'format').selectOption('digital');
    await field(page, 'condition').selectOption('used');
    await field(page, 'price').fill('49.90');
    await field(page, 'stock').fill('4');
    await page.getByRole('button', { name: 'Publicar', exact: true }).click();
    await page.getByText('Un producto digital siempre es nuevo').waitFor(WAIT);
    await field(page, 'condition').selectOption('new');
    await page.getByRole('button', { name: 'Publicar', exact: true }).click();
    await page.waitForURL(EDIT_URL, WAIT);
    const id = EDIT_URL.exec(page.url())?.[1] ?? '';
    await page.getByTestId('product-created').waitFor(WAIT);

    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3355aa' } })
      .png()
      .toBuffer();
    await field(page, 'file').setInputFiles({ name: 'portada.png', mimeType: 'image/png', buffer: photo });
    await page.getByRole('button', { name: 'Subir foto' }).click();
    await page.getByTestId('product-picture').waitFor(WAIT);
    await page.getByText('Fotos (1 de 10)').waitFor(WAIT);

    await field(page, 'price').fill('39.90');
    await field(page, 'stock').fill('0');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByTestId('form-saved').waitFor(WAIT);

    await page.getByRole('link', { name: 'Mis productos en venta' }).first().click();
    const row = page.locator(`[data-testid="seller-product"][data-product="${id}"]`);
    await row.waitFor(WAIT);
    assert.match(String(await row.getByTestId('price').textContent()), /39[.,]90/);
    assert.equal(await row.getByTestId('stock').textContent(), 'Agotado');
    const mine = await testFetch(base, `/api/gamevault/products?seller=${DemoUsers.seller.id}&sort=newest&pageSize=1`);
    assert.deepEqual(
      mine.body.items.map((p: { id: string; stock: number; priceCents: number }) => [p.id, p.stock, p.priceCents]),
      [[id, 0, 3_990]],
      'the seller search shows the edit at once',
    );

    await row.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor(WAIT);
    await page.getByTestId('stock').filter({ hasText: 'Agotado' }).waitFor(WAIT);
    await page.getByTestId('seller-link').click();
    await page.waitForURL(`${base}/gamevault/sellers/${DemoUsers.seller.id}`, WAIT);
    await page.getByRole('heading', { name: 'Juegos de este vendedor', level: 1 }).waitFor(WAIT);
    await page.locator('main article').getByRole('link', { name: title }).waitFor(WAIT);
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');

    await auditSignedInPages(browser, await context.storageState(), [
      [`${base}/gamevault/selling`, 'seller-product'],
      [`${base}/gamevault/selling/${id}/edit`, 'product-picture'],
      [`${base}/gamevault/sellers/${DemoUsers.seller.id}`, 'product-count'],
    ]);
  } finally {
    await context.close();
  }
}
