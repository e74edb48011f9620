import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually, testFetch } from '@coordina/platform/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { contextOptions, newContext } from './browser';
import type { Product } from './harness';
import type { Mailbox } from './mailbox';
import { MusicFestClient } from './musicfest.client';
import { axeViolations, pageFailures } from './web.scenarios';

const LONG = { timeout: 90_000 };

function field(page: Page, name: string) {
  return page.locator(`main [name="${name}"]`);
}

/** The field's message, tied to its input (aria-invalid, aria-describedby) as Mantine does. */
async function fieldMessage(page: Page, name: string, text: string): Promise<void> {
  const input = page.locator(`main [name="${name}"][aria-invalid="true"]`);
  await input.waitFor(LONG);
  const ids = String(await input.getAttribute('aria-describedby')).split(' ');
  const said = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  assert.ok(
    said.some((s) => s?.includes(text)),
    `${name} says "${text}": ${JSON.stringify(said)}`,
  );
}

/**
 * In a browser, the scenario: the demo event manager opens the events panel from the
 * user menu's way in (signed out, it goes through sign-in with the emailed code and comes
 * back), creates an event with a ticket type (the form's own rules first, by their fields),
 * sees the hosting fee the API charged and the event PUBLISHED; a buyer buys 2 tickets through
 * the API and the sales dashboard (fed by the sales events) shows them sold, the money
 * collected and the chart. Lowering the tickets below those sold shows the API's refusal by
 * its field; the event is cancelled from its page. The panel's pages pass axe-core.
 */
export async function managerCreatesAnEventAndSeesASale(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const product = { url: base, demoPassword, fetch: (path, init) => testFetch(base, path, init) } as Product;
  const mf = new MusicFestClient(product, mail);
  const email = DemoUsers.manager.email;
  const name = `Web Fest ${randomUUID().slice(0, 8)}`;
  // axe is injected as a script of the test's own, which the page's CSP would refuse: the
  // audits run in a second profile, signed in the same way.
  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/`);
    await page.locator('header').getByText('MusicFest', { exact: true }).click();
    await page.goto(`${base}/musicfest/manage`);
    await page.waitForURL(/\/sign-in\?next=/, LONG);
    const codesBefore = mf.codeIndex(email, mail.to(email).length);
    await field(page, 'email').fill(email);
    await field(page, 'password').fill(demoPassword);
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Escribe tu código' }).waitFor(LONG);
    await field(page, 'code').fill(await mail.extract(email, /\b(\d{6})\b/, 30_000, codesBefore));
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL(/\/musicfest\/manage$/, LONG);
    await page.getByRole('heading', { name: 'Mis eventos', level: 1 }).waitFor(LONG);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Panel de eventos' }).waitFor();
    await page.keyboard.press('Escape');

    await page.locator('main').getByRole('link', { name: 'Crear evento' }).click();
    await page.getByRole('heading', { name: 'Nuevo evento', level: 1 }).waitFor(LONG);
    await field(page, 'name').fill(name);
    await field(page, 'organizer').fill('Coordina Live');
    await field(page, 'place').fill('Parque de la Exposición, Lima');
    await field(page, 'ticketTypes.0.price').fill('50');
    await field(page, 'ticketTypes.0.discountPercent').fill('10');
    await field(page, 'ticketTypes.0.quantity').fill('600');
    await page.locator('main form button[type="submit"]').click();
    // The size's seat limit, checked as the API checks it, before anything is sent.
    await page.getByTestId('ticket-types-error').filter({ hasText: '600 entradas superan las 500' }).waitFor();
    await field(page, 'ticketTypes.0.quantity').fill('20');
    await field(page, 'ticketTypes.0.price').fill('50.123');
    await page.locator('main form button[type="submit"]').click();
    await fieldMessage(page, 'ticketTypes.0.price', 'con hasta 2 decimales');
    await field(page, 'ticketTypes.0.price').fill('50');
    await page.locator('main form button[type="submit"]').click();

    await page.waitForURL(/\/musicfest\/manage\/[0-9a-f-]{36}$/, LONG);
    const eventId = page.url().split('/').pop() ?? '';
    await page.getByRole('heading', { name, level: 1 }).waitFor(LONG);
    assert.match(String(await page.getByTestId('event-created').textContent()), /Tarifa de alojamiento: .*300[.,]00/);
    await page.locator('main [data-testid="event-status"][data-status="PUBLISHED"]').waitFor(LONG);
    assert.match(String(await page.getByTestId('hosting-fee').textContent()), /300[.,]00/, 'the fee the API charged');
    const types = page.getByRole('region', { name: 'Tipos de entrada del evento' });
    assert.match(String(await types.getByRole('row').nth(1).textContent()), /General.*50[.,]00.*10%.*45[.,]00/);

    // A buyer buys 2 tickets once ticketing can sell them (it learns of the event from its events).
    const buyer = await mf.signIn(DemoUsers.client.email, demoPassword, { policy: 'musicfest' });
    const ticketTypeId = (await testFetch(base, `/api/musicfest/events/${eventId}`)).body.ticketTypes[0].id as string;
    await eventually(
      async () => (await mf.summary(buyer.accessToken, eventId, ticketTypeId, 2)).status === 200,
      30_000,
    );
    const bought = await mf.buy(buyer.accessToken, eventId, ticketTypeId, 2);
    assert.equal(bought.status, 202, bought.text);
    const purchase = await mf.until(buyer.accessToken, bought.body.id);
    assert.equal(purchase.status, 'COMPLETED', JSON.stringify(purchase));

    // The dashboard asks again by itself: no reload.
    await page.getByTestId('total-sold').filter({ hasText: /^2$/ }).waitFor(LONG);
    await page
      .getByTestId('total-collected')
      .filter({ hasText: /90[.,]00/ })
      .waitFor(LONG);
    await page.getByTestId('type-sales').filter({ hasText: '2 de 20 vendidas' }).waitFor(LONG);
    await page.getByTestId('sales-chart').locator('canvas').waitFor(LONG);
    const hours = page.getByRole('region', { name: 'Ventas por hora' });
    assert.match(String(await hours.getByRole('row').nth(1).textContent()), /2.*90[.,]00/);

    await page.locator('main').getByRole('link', { name: 'Editar' }).click();
    await page.getByRole('heading', { name: `Editar ${name}`, level: 1 }).waitFor(LONG);
    await field(page, 'ticketTypes.0.quantity').fill('1');
    await page.locator('main form button[type="submit"]').click();
    await fieldMessage(page, 'ticketTypes.0.quantity', '2 tickets of "General" are already taken');
    await field(page, 'ticketTypes.0.quantity').fill('30');
    await page.locator('main form button[type="submit"]').click();
    await page.getByTestId('form-saved').waitFor(LONG);

    await page.locator('main').getByRole('link', { name }).click();
    await types
      .getByRole('row')
      .filter({ hasText: /General.*30/ })
      .waitFor(LONG);
    await page.locator('main').getByRole('link', { name: 'Mis eventos' }).click();
    const row = page.getByTestId('manager-event').filter({ hasText: name });
    await row.filter({ hasText: /Publicado.*300[.,]00/ }).waitFor(LONG);

    assert.deepEqual(
      await auditManagerPages(browser, context, base, eventId, name),
      [],
      'no serious or critical violation',
    );

    await row.getByRole('link', { name, exact: true }).click();
    await page.getByRole('button', { name: 'Cancelar el evento' }).click();
    await field(page, 'reason').fill('Lluvia intensa');
    await page.getByRole('button', { name: 'Sí, cancelar' }).click();
    await page.locator('main [data-testid="event-status"][data-status="CANCELLED"]').waitFor(LONG);
    const refunded = await mf.until(buyer.accessToken, bought.body.id, new Set(['CANCELLED']));
    assert.equal(refunded.status, 'CANCELLED', 'the buyer is refunded');
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');
  } finally {
    await context.close();
  }
}

/** axe-core on the panel's pages with data, as the signed-in manager, on a desktop's and a phone's width. */
async function auditManagerPages(
  browser: Browser,
  signedIn: BrowserContext,
  base: string,
  eventId: string,
  name: string,
): Promise<string[]> {
  const storageState = await signedIn.storageState();
  const context = await browser.newContext({ ...contextOptions('desktop'), bypassCSP: true, storageState });
  const page = await context.newPage();
  const found: string[] = [];
  try {
    for (const screen of ['desktop', 'phone'] as const) {
      await page.setViewportSize(contextOptions(screen).viewport ?? { width: 390, height: 844 });
      await page.goto(`${base}/musicfest/manage`);
      await page.getByTestId('manager-event').filter({ hasText: name }).waitFor(LONG);
      found.push(...(await axeViolations(page, `${screen} my events`)));
      await page.goto(`${base}/musicfest/manage/${eventId}`);
      await page.getByTestId('sales-chart').locator('canvas').waitFor(LONG);
      found.push(...(await axeViolations(page, `${screen} sales dashboard`)));
      await page.goto(`${base}/musicfest/manage/new`);
      await page.locator('main form button[type="submit"]').click();
      await page.locator('main [aria-invalid="true"]').first().waitFor(LONG);
      found.push(...(await axeViolations(page, `${screen} new event with field errors`)));
    }
  } finally {
    await context.close();
  }
  return found;
}
