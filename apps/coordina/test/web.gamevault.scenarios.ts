import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually, testFetch } from '@coordina/platform/testing';
import type { Browser, Page } from 'playwright-core';
import { contextOptions, pageFailures } from './browser';
import type { Mailbox } from './mailbox';
import { apiSignIn } from './web.ops.scenarios';
import { auditSignedInPages } from './web.scenarios';

const WAIT = { timeout: 60_000 };
const BUYER = 'buyer@demo.coordina';
const GAME = 'The Legend of Zelda: Tears of the Kingdom';
const ORDER_URL = /\/gamevault\/orders\/[0-9a-f-]{36}$/;

function field(page: Page, name: string) {
  return page.locator(`main [name="${name}"]`);
}

function submit(page: Page) {
  return page.locator('main form button[type="submit"]').click();
}

/** Pays on the checkout page and waits on the order's page until the saga settles it as `status`. */
async function payAndSettle(page: Page, status: 'DELIVERED' | 'CANCELLED'): Promise<string> {
  await submit(page);
  await page.waitForURL(ORDER_URL, WAIT);
  // The page polls while the saga runs (PENDING, AWAITING_PAYMENT) and, paid, until the shipment is
  // delivered (the sandbox carrier's webhooks), then stops.
  await page.locator(`[data-testid="order-status"][data-status="${status}"]`).waitFor(WAIT);
  return page.url().split('/').pop() ?? '';
}

/** Where the physical game goes: the checkout's address section (the API stores it on the order). */
async function fillAddress(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Dirección de envío' }).waitFor(WAIT);
  await field(page, 'shippingAddress.recipient').fill('Ana Quispe');
  await field(page, 'shippingAddress.line1').fill('Av. Arequipa 1234');
  await field(page, 'shippingAddress.district').fill('Lince');
  await field(page, 'shippingAddress.phone').fill('987 654 321');
}

/** Adds `quantity` of the open product page's game to the cart and goes to the cart by the nav link. */
async function addAndOpenCart(page: Page, quantity: number): Promise<void> {
  await field(page, 'quantity').selectOption(String(quantity));
  await page.locator('main form').getByRole('button', { name: 'Agregar al carrito' }).click();
  await page
    .getByTestId('added')
    .filter({ hasText: `${quantity} en tu carrito` })
    .waitFor(WAIT);
  await page.getByTestId('system-nav').getByRole('link', { name: 'Carrito' }).click();
  await page.getByRole('heading', { name: 'Tu carrito', level: 1 }).waitFor(WAIT);
}

/**
 * In a browser (issue 16's buyer): searches the GameVault catalog with console and availability
 * filters kept in the URL and sees the facet counts, opens a game, is sent to sign in when adding it and comes back to it, sees the cart
 * with the server's IGV (18 %) totals and its expiry, checks out with the sandbox card and sees
 * the order go to PAID with its history. Then checks out again with Yape and an approval code
 * the sandbox refuses, and sees the order CANCELLED with the reason. My orders lists both.
 * axe-core audits the catalog, product, cart, checkout, both orders and My orders, on a desktop
 * and on a phone. Between the two it saves the paid order's receipt (PDF) and reviews the game
 * from its page: pending moderation, then approved and listed.
 */
export async function buyerChecksOutWithCardAndYape(
  base: string,
  browser: Browser,
  demoPassword: string,
): Promise<void> {
  const context = await browser.newContext(contextOptions('desktop'));
  const page = await context.newPage();
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/gamevault`);
    await page.getByRole('heading', { name: 'Videojuegos', level: 1 }).waitFor(WAIT);
    await field(page, 'q').fill('zelda');
    await field(page, 'console').selectOption('switch');
    await field(page, 'available').selectOption('true');
    await page.waitForURL(
      (url) =>
        url.searchParams.get('q') === 'zelda' &&
        url.searchParams.get('console') === 'switch' &&
        url.searchParams.get('available') === 'true',
    );
    await page.getByTestId('product-count').filter({ hasText: 'Productos: 1' }).waitFor(WAIT);
    // The facet counts of the result: the one game found is common.
    await field(page, 'rarity')
      .locator('option[value="common"]')
      .filter({ hasText: 'Común (1)' })
      .waitFor({ state: 'attached', ...WAIT });
    const cards = page.locator('main article');
    assert.deepEqual(await cards.getByRole('link').allTextContents(), [GAME], 'the retro Zelda is filtered out');
    const searchUrl = page.url();
    // The filters come back from the URL alone (a shared link).
    await page.goto(searchUrl);
    assert.equal(await field(page, 'console').inputValue(), 'switch');
    await cards.getByRole('link', { name: GAME }).click();
    await page.getByRole('heading', { name: GAME, level: 1 }).waitFor(WAIT);
    const productUrl = page.url();
    await page.getByTestId('stock').filter({ hasText: 'en stock' }).waitFor(WAIT);

    await submit(page);
    await page.waitForURL(/\/sign-in\?next=/, WAIT);
    await field(page, 'email').fill(BUYER);
    await field(page, 'password').fill(demoPassword);
    await field(page, 'password').press('Enter');
    await page.waitForURL(productUrl, WAIT);
    await addAndOpenCart(page, 2);
    // S/ 279.00 × 2 = 558.00; IGV 18 % = 100.44; total 658.44, as the server computed them.
    await page
      .getByTestId('total-subtotal')
      .filter({ hasText: /558[.,]00/ })
      .waitFor(WAIT);
    assert.match(String(await page.getByTestId('total-igv').textContent()), /100[.,]44/);
    assert.match(String(await page.getByTestId('total-total').textContent()), /658[.,]44/);
    await page.getByTestId('cart-expires').waitFor();
    await page.getByRole('link', { name: 'Ir a pagar' }).click();
    await page.getByRole('heading', { name: 'Pagar', level: 1 }).waitFor(WAIT);
    await fillAddress(page);
    const paid = await payAndSettle(page, 'DELIVERED');
    assert.equal(await page.getByTestId('order-status').textContent(), 'Entregado');
    assert.deepEqual(
      await page
        .getByTestId('order-history')
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
      ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED', 'SHIPPED', 'DELIVERED'],
    );
    await page.getByTestId('order-shipment').waitFor();
    assert.match(String(await page.getByTestId('order-shipment').textContent()), /Av\. Arequipa 1234, Lince/);
    assert.match(String(await page.getByTestId('order-payment').textContent()), /Tarjeta/);
    // The receipt is the payment's PDF, fetched with the session and saved.
    const [receipt] = await Promise.all([
      page.waitForEvent('download', WAIT),
      page.getByTestId('order-receipt').click(),
    ]);
    assert.equal(receipt.suggestedFilename(), `gamevault-${paid}.pdf`);

    // Bought, so the product page offers the review form; the review waits for moderation, then is public.
    await page.goto(productUrl);
    await page.getByRole('heading', { name: GAME, level: 1 }).waitFor(WAIT);
    const review = 'Cien horas y sigo explorando Hyrule. Muy recomendable.';
    await page.getByTestId('write-review').waitFor(WAIT);
    await field(page, 'rating').selectOption('4');
    await field(page, 'text').fill(review);
    await page.getByTestId('write-review').getByRole('button', { name: 'Publicar reseña' }).click();
    await page.getByTestId('my-review').waitFor(WAIT);
    assert.equal(await page.getByTestId('write-review').count(), 0, 'one review per buyer: the form is gone');
    // The moderation worker approves it (no blacklisted word); the page asks again until it is decided.
    await page.locator('[data-testid="my-review"][data-status="approved"]').waitFor(WAIT);
    await page.getByText('Publicada').waitFor(WAIT);
    await page.reload();
    await page.locator('main [data-testid="reviews"] article').filter({ hasText: review }).waitFor(WAIT);
    await page.getByTestId('seller-rating').waitFor(WAIT);

    // The forums: a new thread, and a reply to it.
    await page.getByTestId('system-nav').getByRole('link', { name: 'Foros' }).click();
    await page.getByRole('heading', { name: 'Foros', level: 1 }).waitFor(WAIT);
    const topic = `¿Zelda corre bien en Switch Lite? ${Date.now()}`;
    await page.getByTestId('new-thread').locator('[name="title"]').fill(topic);
    await page.getByTestId('new-thread').locator('[name="body"]').fill('Pregunto antes de comprar la segunda copia.');
    await page.getByTestId('new-thread').getByRole('button', { name: 'Publicar tema' }).click();
    await page.getByRole('heading', { name: topic, level: 1 }).waitFor(WAIT);
    const threadUrl = page.url();
    await field(page, 'body').fill('Sí, a 30 fps estables.');
    await page.getByRole('button', { name: 'Responder' }).click();
    await page.getByTestId('posts').locator('article').filter({ hasText: 'Sí, a 30 fps estables.' }).waitFor(WAIT);

    await page.goto(productUrl);
    await page.getByRole('heading', { name: GAME, level: 1 }).waitFor(WAIT);
    await addAndOpenCart(page, 1);
    await page.getByRole('link', { name: 'Ir a pagar' }).click();
    await fillAddress(page);
    await page.getByRole('radio', { name: 'Yape' }).check();
    await submit(page);
    // Our own rules first: nothing is sent without a phone and a code.
    await page.getByText('Un celular peruano: 9 y 8 dígitos más').waitFor(WAIT);
    assert.match(page.url(), /\/gamevault\/checkout$/);
    await field(page, 'phone').fill('987654321');
    // The sandbox refuses the approval code 000000 (decision 0063).
    await field(page, 'approvalCode').fill('000000');
    const refused = await payAndSettle(page, 'CANCELLED');
    assert.equal(await page.getByTestId('order-status').textContent(), 'Cancelado');
    assert.match(String(await page.getByTestId('order-reason').textContent()), /approval_code_rejected/);
    await page.getByText('El pago fue rechazado.').waitFor();
    assert.match(String(await page.getByTestId('order-payment').textContent()), /Yape/);

    await page.getByTestId('system-nav').getByRole('link', { name: 'Mis pedidos' }).click();
    await page.getByRole('heading', { name: 'Mis pedidos', level: 1 }).waitFor(WAIT);
    await page.locator(`main article[data-order="${paid}"] [data-status="DELIVERED"]`).waitFor(WAIT);
    await page.locator(`main article[data-order="${refused}"] [data-status="CANCELLED"]`).waitFor(WAIT);
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');

    await auditSignedInPages(browser, await context.storageState(), [
      [searchUrl, 'product-count'],
      [productUrl, 'price'],
      [`${base}/gamevault/forums`, 'new-thread'],
      [threadUrl, 'posts'],
      // The refused order's game is back in the cart (the saga's compensation keeps the cart).
      [`${base}/gamevault/cart`, 'totals'],
      [`${base}/gamevault/checkout`, 'totals'],
      [`${base}/gamevault/orders/${paid}`, 'order-history'],
      [`${base}/gamevault/orders/${refused}`, 'order-reason'],
      [`${base}/gamevault/orders`, 'order-status'],
    ]);
  } finally {
    await context.close();
  }
}

/** An API call through the gateway that must answer 2xx; its body. */
async function call(base: string, path: string, init: Parameters<typeof testFetch>[2]) {
  const r = await testFetch(base, path, init);
  assert.ok(r.status >= 200 && r.status < 300, `${path}: ${r.status} ${r.text}`);
  return r.body;
}

/**
 * In a browser (issue 16's admin): a buyer's review with a blacklisted word waits in the
 * moderators' queue; the platform admin opens it from the user menu and approves it (the buyer
 * sees it approved and it is listed), then opens the order and refunds S/ 10.00 of it, and
 * sees the partial refund on the order. The buyer's purchase and review go through the API.
 */
export async function adminModeratesAReviewAndRefunds(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const seller = await apiSignIn(base, mail, DemoUsers.seller.email, demoPassword);
  const buyer = await apiSignIn(base, mail, DemoUsers.buyer.email, demoPassword);
  const product = await call(base, '/api/gamevault/products', {
    token: seller,
    json: {
      title: `Moderable ${randomUUID().slice(0, 8)}`,
      console: 'ps5',
      genre: 'action',
      condition: 'new',
      format: 'physical',
      priceCents: 5_000,
      stock: 5,
    },
  });
  await call(base, `/api/gamevault/cart/items/${product.id}`, { method: 'PUT', token: buyer, json: { quantity: 1 } });
  const order = await call(base, '/api/gamevault/orders', {
    token: buyer,
    json: { paymentMethod: { provider: 'card', token: 'pm_card_visa' } },
    headers: { 'idempotency-key': randomUUID() },
  });
  const review = await eventually(
    async () => {
      const r = await testFetch(base, `/api/gamevault/products/${product.id}/reviews`, {
        token: buyer,
        json: { rating: 2, text: 'Llegó la caja rota, una basura de embalaje.' },
      });
      return r.status === 201 ? r.body : undefined;
    },
    60_000,
    250,
  );
  const reviewStatus = async () =>
    (await testFetch(base, `/api/gamevault/reviews/${review.id}`, { token: buyer })).body?.status;
  await eventually(async () => (await reviewStatus()) === 'flagged', 30_000, 200);

  const context = await browser.newContext(contextOptions('desktop'));
  const page = await context.newPage();
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/sign-in`);
    await field(page, 'email').fill(DemoUsers.platformAdmin.email);
    await field(page, 'password').fill(demoPassword);
    await submit(page);
    await page.getByTestId('account-email').waitFor(WAIT);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Moderar reseñas' }).click();
    await page.getByRole('heading', { name: 'Moderación de reseñas', level: 1 }).waitFor(WAIT);
    const queued = page.locator(`main article[data-review="${review.id}"]`);
    await queued.getByRole('button', { name: 'Aprobar' }).click();
    await queued.waitFor({ state: 'detached', ...WAIT });
    await eventually(async () => (await reviewStatus()) === 'approved', 30_000, 200);
    await eventually(
      async () =>
        (await testFetch(base, `/api/gamevault/products/${product.id}/reviews`)).body?.items?.some(
          (r: { id: string }) => r.id === review.id,
        ),
      30_000,
      200,
    );

    // Admins read any order; a platform admin refunds part of its payment from it.
    const orderUrl = `${base}/gamevault/orders/${order.id}`;
    await page.goto(orderUrl);
    await page.getByTestId('order-receipt').waitFor(WAIT);
    await field(page, 'amount').fill('10');
    await field(page, 'reason').fill('Caja dañada en el envío');
    await page.getByRole('button', { name: 'Reembolsar' }).click();
    await page.getByTestId('refund-accepted').waitFor(WAIT);
    await eventually(
      async () => {
        await page.reload();
        await page.getByTestId('order-history').waitFor(WAIT);
        return (await page.getByTestId('order-refunded').count()) > 0;
      },
      60_000,
      500,
    );
    assert.match(String(await page.getByTestId('order-refunded').textContent()), /10[.,]00/);
    await page.getByTestId('order-history').getByText('partial refund of S/ 10.00', { exact: false }).waitFor(WAIT);
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');

    await auditSignedInPages(browser, await context.storageState(), [
      [`${base}/gamevault/moderation`, 'queue-empty'],
      [orderUrl, 'order-refunded'],
    ]);
  } finally {
    await context.close();
  }
}
