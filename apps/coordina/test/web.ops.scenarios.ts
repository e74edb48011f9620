import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { DemoEvents } from '@coordina/musicfest-festivals/demo';
import { eventually, type TestFetchInit, testFetch } from '@coordina/platform/testing';
import type { Browser, Page } from 'playwright-core';
import { newContext, pageFailures } from './browser';
import type { Mailbox } from './mailbox';

/** What the product needs for the operations console's scenario: test faults on (ticketing's issuer). */
export const opsEnv = { COORDINA_TEST_FAULTS: '1' };

const CODE = /\b(\d{6})\b/;

/** Signs in through the API; when the policy asks for the emailed second factor, reads it from the mailbox. */
export async function apiSignIn(base: string, mail: Mailbox, email: string, password: string, policy?: string) {
  return (await apiSession(base, mail, email, password, policy)).accessToken;
}

/** Signs in through the API (with the emailed code when asked): the tokens a browser session keeps. */
export async function apiSession(
  base: string,
  mail: Mailbox,
  email: string,
  password: string,
  policy?: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const codes = mail.to(email).filter((m) => CODE.test(`${m.subject}\n${m.text}`)).length;
  const login = await testFetch(base, '/api/identity/login', { json: { email, password, policy } });
  assert.equal(login.status, 200, login.text);
  if (!login.body.twoFactorRequired) return login.body;
  const code = await mail.extract(email, CODE, 30_000, codes);
  const done = await testFetch(base, '/api/identity/login/2fa', {
    json: { challengeId: login.body.challengeId, code },
  });
  assert.equal(done.status, 200, done.text);
  return done.body;
}

async function call(base: string, path: string, init: TestFetchInit, ok: number[]) {
  const r = await testFetch(base, path, init);
  assert.ok(ok.includes(r.status), `${init.method ?? 'POST'} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

/** A table row of the console that names the key (a purchase id). */
function row(page: Page, testId: 'failed-row' | 'held-row', key: string) {
  return page.getByTestId(testId).filter({ hasText: key });
}

/**
 * In a browser, the scenario: a MusicFest purchase whose ticket issue keeps failing is
 * parked (the test fault on ticketing's issuer, set through the API), and the buyer's cancel
 * waits behind it. The platform admin signs in, opens the operations console from the user
 * menu, sees the parked purchase with its reason and the held cancel, retries it once the
 * fault is gone, and sees the failed registry empty and the held event drain; the purchase
 * ends cancelled (issued, then voided by the drained cancel), and its saga's step log shows.
 */
export async function operatorRetriesAParkedPurchase(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const buyer = DemoUsers.client;
  const admin = await apiSignIn(base, mail, DemoUsers.platformAdmin.email, demoPassword);
  const token = await apiSignIn(base, mail, buyer.email, demoPassword, 'musicfest');
  await call(
    base,
    '/api/musicfest/faults',
    { token: admin, json: { target: 'issuer', userId: buyer.id, failures: 1_000_000 } },
    [200],
  );
  const { id: purchaseId } = await call(
    base,
    '/api/musicfest/purchases',
    {
      token,
      headers: { 'idempotency-key': randomUUID() },
      json: {
        eventId: DemoEvents.limaRockFest.id,
        items: [{ ticketTypeId: DemoEvents.limaRockFest.ticketTypes.general, quantity: 1 }],
        paymentMethod: 'pm_card_visa',
      },
    },
    [202],
  );

  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures = pageFailures(page);
  page.setDefaultTimeout(60_000);
  try {
    await page.goto(`${base}/sign-in`);
    await page.locator('main [name="email"]').fill(DemoUsers.platformAdmin.email);
    await page.locator('main [name="password"]').fill(demoPassword);
    await page.locator('main form button[type="submit"]').click();
    await page.getByTestId('account-email').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Operaciones' }).click();
    await page.getByRole('heading', { name: 'Eventos aparcados', level: 1 }).waitFor();

    // Parked after its retries: the console shows it with the issuer's failure as the reason.
    const parked = row(page, 'failed-row', purchaseId);
    await parked.waitFor({ timeout: 90_000 });
    // The buyer cancels: that event waits behind the parked one.
    await call(base, `/api/musicfest/purchases/${purchaseId}/cancel`, { token, method: 'POST' }, [200]);
    const held = row(page, 'held-row', purchaseId);
    await held.waitFor({ timeout: 90_000 });
    assert.match(String(await held.textContent()), /entradas\.anular/, 'the void command is held');

    await call(base, `/api/musicfest/faults/${buyer.id}`, { token: admin, method: 'DELETE' }, [200, 204]);
    await parked.getByRole('button', { name: 'Reintentar' }).click();
    await page.getByTestId('ops-notice').filter({ hasText: 'Reintentado' }).waitFor();
    await page.getByText('No hay eventos aparcados.').waitFor({ timeout: 90_000 });
    await held.waitFor({ state: 'detached', timeout: 90_000 });
    // The drained cancel ran after the retried issue: the tickets were issued, then voided.
    const end = await eventually(async () => {
      const r = await testFetch(base, `/api/musicfest/purchases/${purchaseId}`, { token });
      return r.body.status === 'CANCELLED' ? r.body : undefined;
    }, 60_000);
    assert.ok(
      end.tickets.length > 0 && end.tickets.every((t: { status: string }) => t.status === 'VOID'),
      JSON.stringify(end),
    );
    // Retried, it is listed as such.
    await page.getByLabel('Estado').selectOption('RETRIED');
    await row(page, 'failed-row', purchaseId).waitFor();
    // The purchase's saga (its id is the purchase's) with its step log, from the console's sagas.
    await page.getByRole('navigation', { name: 'Operaciones' }).getByRole('link', { name: 'Sagas' }).click();
    await page.getByRole('heading', { name: 'Sagas', level: 1 }).waitFor();
    await page.goto(`${base}/ops/sagas/${purchaseId}`);
    await page.getByRole('heading', { name: new RegExp(purchaseId), level: 1 }).waitFor();
    const log = page.getByRole('region', { name: 'Registro de pasos' });
    await log.getByRole('row').filter({ hasText: 'ReserveSeats' }).first().waitFor();
    await log.getByRole('row').filter({ hasText: 'started' }).waitFor();
    assert.deepEqual(failures, [], 'no script errors');
  } finally {
    await context.close();
  }
}

/**
 * The operations console's pages for axe-core (called by `pagesAreAccessible` with its audit,
 * signed in as someone else): what a non-admin sees at /ops, then every page signed in as the
 * demo platform admin, a saga's page when there is a saga.
 */
export async function auditOpsPages(
  base: string,
  page: Page,
  audit: (what: string) => Promise<void>,
  demoPassword: string,
): Promise<void> {
  await page.goto(`${base}/ops`);
  await page.getByText('Esta consola es solo para administradores de la plataforma.').waitFor();
  await audit('/ops (not an admin)');
  await page.evaluate(() => localStorage.removeItem('coordina.session'));
  await page.goto(`${base}/sign-in`);
  await page.locator('main [name="email"]').fill(DemoUsers.platformAdmin.email);
  await page.locator('main [name="password"]').fill(demoPassword);
  await page.locator('main form button[type="submit"]').click();
  await page.getByTestId('account-email').waitFor();
  for (const [path, heading, ready] of [
    ['/ops', 'Eventos aparcados', 'Eventos retenidos'],
    ['/ops/sagas', 'Sagas', 'Estado'],
    ['/ops/dead-letters', 'Cartas muertas', 'Cartas muertas'],
    ['/ops/alerts', 'Alertas', 'Alertas'],
  ] as const) {
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    // The lists have answered (an empty list says so; a full one is a table).
    await page.waitForFunction(`!document.querySelector('main')?.textContent?.includes(${JSON.stringify('Cargando')})`);
    await page.getByText(ready).first().waitFor();
    await audit(path);
  }
  await page.goto(`${base}/ops/sagas`);
  const saga = page.locator('main table a').first();
  if (
    await saga.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    )
  ) {
    await saga.click();
    await page.getByRole('heading', { name: 'Registro de pasos' }).waitFor();
    await audit('a saga');
  }
}
