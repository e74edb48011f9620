import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { eventually } from '@coordina/platform/testing';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { contextOptions, newContext, pageFailures } from './browser';

export { pageFailures };

import type { Mailbox } from './mailbox';
import { auditAnalyticsPages } from './web.analytics.scenarios';
import { auditOpsPages } from './web.ops.scenarios';
import { auditSalonAdminPages } from './web.salonadmin.audit';

const HASHED_ASSET = /^public, max-age=31536000, immutable$/;

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * The gateway serves the web app at `/`: index.html (revalidated, with a CSP that lets the
 * app's own scripts and styles run) for `/` and for deep links, hashed assets cached for a
 * year and precompressed; the API keeps its own answers and its strict CSP.
 */
export async function servesTheWebApp(base: string): Promise<void> {
  const home = await get(`${base}/`);
  assert.equal(home.res.status, 200);
  assert.match(String(home.res.headers.get('content-type')), /^text\/html/);
  assert.equal(home.res.headers.get('cache-control'), 'no-cache');
  const csp = String(home.res.headers.get('content-security-policy'));
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(home.res.headers.get('x-content-type-options'), 'nosniff');
  const html = home.body.toString();
  assert.match(html, /<div id="root">/);

  for (const deep of [
    '/musicfest/events/1f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
    '/instudio/salons?district=Barranco&subcategory=nails',
    '/reset-password?token=abc',
    '/account',
  ]) {
    const page = await get(`${base}${deep}`);
    assert.equal(page.res.status, 200, `deep link ${deep}`);
    assert.equal(page.res.headers.get('cache-control'), 'no-cache', deep);
    assert.equal(page.body.toString(), html, `${deep} is the app's page`);
  }

  const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, `index.html names its hashed entry script: ${html}`);
  const plain = await get(`${base}${script}`, { 'accept-encoding': 'identity' });
  assert.equal(plain.res.status, 200);
  assert.match(String(plain.res.headers.get('cache-control')), HASHED_ASSET);
  assert.match(String(plain.res.headers.get('content-type')), /javascript/);
  const br = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(br.headers.get('content-encoding'), 'br', 'precompressed brotli');
  assert.match(String(br.headers.get('cache-control')), HASHED_ASSET);
  assert.deepEqual(Buffer.from(await br.arrayBuffer()), plain.body, 'fetch decodes it to the same file');
  const gz = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  await gz.arrayBuffer();
  const style = /<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
  assert.ok(style, 'a hashed stylesheet');
  assert.match(String((await get(`${base}${style}`)).res.headers.get('cache-control')), HASHED_ASSET);

  const missing = await get(`${base}/assets/no-such-file-0000.js`);
  assert.equal(missing.res.status, 404, 'a missing asset is not the app page');
  const api = await get(`${base}/api/no-such-route`);
  assert.equal(api.res.status, 404);
  assert.match(String(api.res.headers.get('content-type')), /problem\+json/);
  const health = await get(`${base}/health`);
  assert.match(String(health.res.headers.get('content-type')), /json/, 'the process pages stay theirs');
  const events = await get(`${base}/api/musicfest/events`);
  assert.equal(events.res.status, 200);
  assert.match(String(events.res.headers.get('content-security-policy')), /default-src 'none'/);
  assert.equal(events.res.headers.get('cache-control'), 'no-store');
}

/**
 * In a browser: a MusicFest buyer registers (the API's field message for an unknown
 * country shows by the field), confirms the email with the emailed code, signs in with the
 * emailed 2FA code remembering the device, and sees their account and device; the page
 * switches to English. On a phone's screen the sign-in page works too.
 */
export async function registersAndSignsIn(base: string, browser: Browser, mail: Mailbox): Promise<void> {
  const email = `web-${randomBytes(5).toString('hex')}@web.test`;
  const password = 'passphrase 123';
  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/`);
    await page.locator('header').getByText('MusicFest', { exact: true }).click();
    await page.getByRole('heading', { name: 'MusicFest' }).waitFor();
    await page.locator('header').getByRole('link', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: 'Crear cuenta' }).click();
    await page.waitForURL(/\/register$/);

    await field(page, 'name').fill('Web Buyer');
    await field(page, 'email').fill('not-an-email');
    await field(page, 'password').fill(password);
    await submit(page);
    await page.getByText('Escribe un correo válido').waitFor();
    await field(page, 'email').fill(email);
    await field(page, 'phone').fill('+51987654321');
    await field(page, 'country').fill('ZZ');
    await field(page, 'birthDate').fill('1990-05-04');
    await submit(page);
    await page.locator('main').getByText('unknown country code', { exact: true }).waitFor();
    assert.equal(await field(page, 'country').getAttribute('aria-invalid'), 'true', "the API's message is the field's");
    await field(page, 'country').fill('PE');
    await submit(page);
    await page.getByRole('heading', { name: 'Confirma tu correo' }).waitFor();
    const verification = await mail.extract(email, /verificar tu correo es (\d{6})/);
    await field(page, 'code').fill(verification);
    await submit(page);
    await page.getByText('Tu correo está confirmado').waitFor();

    await page.locator('main').getByRole('link', { name: 'Iniciar sesión' }).click();
    await field(page, 'email').fill(email);
    await field(page, 'password').fill(password);
    await field(page, 'password').press('Enter');
    await page.getByRole('heading', { name: 'Escribe tu código' }).waitFor();
    const second = await mail.extract(email, /iniciar sesión es (\d{6})/);
    await field(page, 'code').fill(second);
    await page.getByLabel('Recordar este dispositivo').check();
    await field(page, 'deviceName').fill('Web test browser');
    await submit(page);
    await page.waitForURL(/\/account$/);
    assert.equal(await page.getByTestId('account-email').textContent(), email);
    await page.getByText('Web test browser').waitFor();
    await page.getByTestId('user-menu').getByText('Web Buyer').waitFor();

    await page.locator('header').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    const phone = await newContext(browser, 'phone');
    const small = await phone.newPage();
    small.on('pageerror', (err) => failures.push(err.message));
    await small.goto(`${base}/sign-in`);
    await small.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    assert.ok(await small.getByRole('button', { name: 'Sistema' }).isVisible(), 'the menu button on a phone');
    await phone.close();
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');
  } finally {
    await context.close();
  }
}

/**
 * In a browser: a visitor (not signed in) finds salons from InStudio's home page, narrows
 * them by subcategory, district and price (the filters go in the URL, so a reload keeps
 * them), opens the salon and sees its services with durations and prices, its stylists and
 * its opening hours in the salon's time zone (the demo salons).
 */
export async function findsASalon(base: string, browser: Browser): Promise<void> {
  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (err) => failures.push(err.message));
  const salons = page.locator('main article');
  const names = async () => (await salons.locator('a').allTextContents()).sort();
  try {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'InStudio' }).waitFor();
    await page.locator('main').getByRole('link', { name: 'Buscar salones' }).click();
    await page.getByRole('heading', { name: 'Salones' }).waitFor();
    await salons.getByText('Barranco Beauty Bar').waitFor();
    assert.ok((await salons.count()) >= 3, 'the demo salons');

    await page.getByLabel('Subcategoría').selectOption('nails');
    await urlMatches(page, /subcategory=nails/);
    await salons.getByText('Spa El Olivar').waitFor({ state: 'detached' });
    assert.deepEqual(await names(), ['Barranco Beauty Bar', 'Estudio Larco'], 'the salons doing nails');
    // Typed key by key, as fast as the browser takes keys: no letter may be lost to a stale URL.
    await field(page, 'district').pressSequentially('barranco');
    await urlMatches(page, /district=barranco(&|$)/);
    assert.equal(await field(page, 'district').inputValue(), 'barranco');
    await salons.getByText('Estudio Larco').waitFor({ state: 'detached' });
    assert.deepEqual(await names(), ['Barranco Beauty Bar']);
    await field(page, 'priceMax').fill('50');
    await page.getByText('Ningún salón coincide.').waitFor();
    await field(page, 'priceMin').fill('60');
    await page.getByText('El mínimo no puede superar al máximo').waitFor();
    await field(page, 'priceMax').fill('');
    await field(page, 'priceMin').fill('');
    await salons.getByText('Barranco Beauty Bar').waitFor();

    await page.reload();
    await salons.getByText('Barranco Beauty Bar').waitFor();
    assert.equal(await field(page, 'district').inputValue(), 'barranco', 'the filters come back from the URL');
    assert.equal(await field(page, 'subcategory').inputValue(), 'nails');
    assert.equal(await salons.count(), 1);

    await salons.getByRole('link', { name: 'Barranco Beauty Bar' }).click();
    await page.getByRole('heading', { name: 'Barranco Beauty Bar', level: 1 }).waitFor();
    const services = page.getByRole('region', { name: 'Servicios' });
    const row = services.getByRole('row').filter({ hasText: 'Uñas acrílicas' });
    await row.waitFor();
    assert.match(String(await row.textContent()), /Uñas.*90 min.*80,00/, 'category, duration and price');
    await services.getByRole('row').filter({ hasText: 'Peinado de fiesta' }).waitFor();
    await page.locator('main li').filter({ hasText: 'Camila' }).waitFor();
    assert.match(String(await page.getByTestId('salon-timezone').textContent()), /America\/Lima/);
    const monday = page.getByRole('table', { name: 'Horario' }).getByRole('row').first();
    assert.match(String(await monday.textContent()), /lunes.*9:00.*19:00/i, 'hours as the salon keeps them');
    await page.getByRole('heading', { name: 'Opiniones' }).waitFor();

    await page.goto(`${base}/instudio/salons/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { name: 'Esta página no existe.' }).waitFor();
    assert.deepEqual(failures, [], 'no script errors');
  } finally {
    await context.close();
  }
}

/** Waits until the page's URL matches (a filter replaces the URL in place: no navigation to wait for). */
async function urlMatches(page: Page, pattern: RegExp): Promise<void> {
  await eventually(async () => pattern.test(page.url()), 30_000, 50).catch((err: Error) => {
    throw new Error(`the URL never matched ${pattern}: it is ${page.url()} (${err.message})`);
  });
}

function field(page: Page, name: string) {
  return page.locator(`main [name="${name}"]`);
}

function submit(page: Page) {
  return page.locator('main form button[type="submit"]').click();
}

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** axe-core's serious and critical violations on the page as it is (its CSP bypassed: see below). */
export async function axeViolations(page: Page, what: string): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * axe-core on signed-in pages (`storageState`), each once its `ready` test id shows and
 * `prepare` (if any) has opened what should be audited too, on a desktop and a phone: no
 * serious or critical violation. A context of the test's own: the page's CSP would refuse axe.
 */
export async function auditSignedInPages(
  browser: Browser,
  storageState: BrowserContextOptions['storageState'],
  pages: [url: string, ready: string][],
  prepare?: (page: Page) => Promise<void>,
): Promise<void> {
  const found: string[] = [];
  for (const screen of ['desktop', 'phone'] as const) {
    const context = await browser.newContext({ ...contextOptions(screen), bypassCSP: true, storageState });
    const page = await context.newPage();
    try {
      for (const [url, ready] of pages) {
        await page.goto(url);
        await page.getByTestId(ready).first().waitFor({ timeout: 60_000 });
        await prepare?.(page);
        found.push(...(await axeViolations(page, `${screen} ${url}`)));
      }
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(found, [], 'no serious or critical accessibility violation');
}

/**
 * axe-core on every page of the app so far, signed out and signed in (a demo account), on a
 * desktop's and a phone's screen: no serious or critical violation.
 */
export async function pagesAreAccessible(base: string, browser: Browser, demoPassword: string): Promise<void> {
  const found: string[] = [];
  for (const screen of ['desktop', 'phone'] as const) {
    // axe is injected as a script of the test's own, which the page's CSP would refuse.
    const context = await browser.newContext({
      ...contextOptions(screen),
      bypassCSP: true,
    });
    const page = await context.newPage();
    const audit = async (what: string) => {
      found.push(...(await axeViolations(page, `${screen} ${what}`)));
    };
    try {
      await page.goto(`${base}/musicfest/events`);
      await page.locator('article a').first().waitFor();
      await audit('catalog');
      await page.locator('article a').first().click();
      await page.getByRole('table').waitFor();
      await audit('event page');
      await page.goto(`${base}/instudio/salons`);
      await page.locator('article a').first().waitFor();
      await audit('salon search');
      await page.locator('article a').getByText('Estudio Larco').click();
      await page.getByRole('heading', { name: 'Promociones' }).waitFor();
      await page.getByText('Aún no hay opiniones.').waitFor();
      await audit('salon page');
      await page.locator('main').getByRole('link', { name: 'Reservar', exact: true }).click();
      await page.locator('main [name="date"]').waitFor();
      await audit('book page');
      for (const [path, heading] of [
        ['/', 'InStudio'],
        ['/register', 'Crear cuenta'],
        ['/forgot-password', 'Restablece tu contraseña'],
        ['/reset-password?token=0123456789abcdef0123', 'Elige una nueva contraseña'],
        ['/no-such-page', 'Esta página no existe.'],
        ['/instudio/bookings', 'Mis reservas'],
        ['/sign-in', 'Iniciar sesión'],
      ] as const) {
        await page.goto(`${base}${path}`);
        await page.getByRole('heading', { name: heading }).waitFor();
        await audit(path);
      }
      await submit(page);
      await page.getByText('Escribe un correo válido').waitFor();
      await audit('sign-in with field errors');
      await field(page, 'email').fill('client@demo.coordina');
      await field(page, 'password').fill(demoPassword);
      await submit(page);
      await page.getByTestId('account-email').waitFor();
      await audit('account');
      await page.goto(`${base}/musicfest/tickets`);
      await page.getByText('Aún no has comprado entradas.').or(page.locator('main article').first()).waitFor();
      await audit('my tickets (web.festival.scenarios.ts audits them with tickets and a purchase page)');
      await page.goto(`${base}/musicfest/manage`); // web.manager.scenarios.ts audits the panel with data
      await page.getByText('Este panel es para los organizadores de eventos de MusicFest.').waitFor();
      await audit('/musicfest/manage (not a manager)');
      await auditOpsPages(base, page, audit, demoPassword);
      await auditAnalyticsPages(base, page, audit);
      await auditSalonAdminPages(base, page, audit, demoPassword);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(found, [], 'no serious or critical accessibility violation');
}
