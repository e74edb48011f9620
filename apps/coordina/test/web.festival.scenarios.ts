import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { contextOptions, newContext } from './browser';
import { entryPoint } from './harness';
import type { Mailbox } from './mailbox';
import { MusicFestClient, onSaleEvent } from './musicfest.client';
import { axeViolations, pageFailures } from './web.scenarios';

const LONG = { timeout: 90_000 };

/**
 * What the buyer scenarios need from the product through its entry point: signing demo
 * accounts in (with the emailed code) and running events. `coordina start` gives no key to
 * mint tokens with, so the one token minted (onSaleEvent's probe) is a signed-in manager's.
 */
async function festival(base: string, mail: Mailbox, demoPassword: string) {
  const { p, setProbe } = entryPoint(base, demoPassword);
  const mf = new MusicFestClient(p, mail);
  const manager = await mf.manager();
  setProbe(manager);
  const demo = (who: string) => mf.signIn(`${who}@demo.coordina`, demoPassword, { policy: 'musicfest' });
  const event = (seats: number) => onSaleEvent(p, manager, seats, `Web ${randomUUID().slice(0, 8)}`);
  return { p, mf, demo, event };
}

/** Waits for the purchase page after buying; a refusal shown in the basket fails with its words. */
async function bought(page: Page): Promise<void> {
  const refusal = page.getByTestId('basket-error');
  await page.getByTestId('purchase-status').or(refusal).first().waitFor(LONG);
  if (await refusal.isVisible()) assert.fail(`the purchase was refused: ${await refusal.textContent()}`);
  await page.waitForURL(/\/musicfest\/purchases\/[0-9a-f-]{36}$/, LONG);
}

function status(page: Page, value: string) {
  return page.locator(`main [data-testid="purchase-status"][data-status="${value}"]`).first().waitFor(LONG);
}

/**
 * In a browser: a signed-out buyer picks 2 tickets on an event page, is sent to sign in (with
 * the emailed code) and comes back to the same basket, sees the API's total (2 × 108,00:
 * 10 % off 120,00) and buys with the sandbox card; the purchase page turns COMPLETED and
 * shows both tickets as QR codes, My tickets shows them too (the codes the API issued), and
 * cancelling there shows the API's answer with the refund.
 */
export async function buysTicketsAndSeesQrCodes(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const { mf, event } = await festival(base, mail, demoPassword);
  const { eventId, event: created } = await event(10);
  const email = 'buyer@demo.coordina';
  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/musicfest/events/${eventId}`);
    await page.getByRole('heading', { name: created.name, level: 1 }).waitFor(LONG);
    await page.getByLabel('Cantidad de General').fill('2');
    await page.getByRole('button', { name: 'Inicia sesión para ver el total y comprar' }).click();
    await page.waitForURL(/\/sign-in\?next=/, LONG);
    const codesBefore = mf.codeIndex(email, mail.to(email).length);
    await page.locator('main [name="email"]').fill(email);
    await page.locator('main [name="password"]').fill(demoPassword);
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Escribe tu código' }).waitFor(LONG);
    const code = await mail.extract(email, /\b(\d{6})\b/, 30_000, codesBefore);
    await page.locator('main [name="code"]').fill(code);
    await page.locator('main form button[type="submit"]').click();

    await page.waitForURL(new RegExp(`/musicfest/events/${eventId}\\?qty=`), LONG);
    assert.equal(await page.getByLabel('Cantidad de General').inputValue(), '2', 'the basket came back');
    await page.getByTestId('basket-total').filter({ hasText: '216' }).waitFor(LONG);
    assert.match(String(await page.getByTestId('basket-total').textContent()), /216[.,]00/);
    await page.getByRole('button', { name: 'Comprar', exact: true }).click();
    await bought(page);
    const purchaseId = page.url().split('/').pop() ?? '';
    await status(page, 'COMPLETED');
    await page.locator('main [data-testid="ticket"] svg').nth(1).waitFor(LONG);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Mis entradas' }).click();
    await page.getByRole('heading', { name: 'Mis entradas', level: 1 }).waitFor(LONG);
    const card = page.getByTestId('my-purchase').filter({ hasText: created.name });
    await card.getByTestId('ticket').nth(1).waitFor(LONG);
    const session = JSON.parse(String(await page.evaluate(() => localStorage.getItem('coordina.session'))));
    const issued = await mf.purchase(session.accessToken, purchaseId);
    const shown = await card.locator('[data-testid="ticket"] code').allTextContents();
    assert.deepEqual(shown.sort(), issued.tickets.map((t) => t.code).sort(), 'the tickets the API issued');
    for (const ticket of issued.tickets) {
      await card
        .locator('svg')
        .filter({ has: page.locator('title', { hasText: ticket.code }) })
        .waitFor();
    }

    await card.getByRole('button', { name: 'Cancelar la compra' }).click();
    const answer = card.getByTestId('cancel-answer');
    await answer.waitFor(LONG);
    assert.match(String(await answer.textContent()), /Cancelada.*Reembolso: .*216[.,]00/, "the API's answer");
    await card.locator('[data-testid="purchase-status"][data-status="CANCELLED"]').waitFor(LONG);
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');
  } finally {
    await context.close();
  }
}

/**
 * In a browser (the scenario): an event's two seats are taken by two holders and
 * someone already waits; the buyer joins the waitlist from the event page and the purchase
 * page shows place 2 with an estimate. A holder cancels (API): without a reload the page shows
 * place 1 (the SSE stream). The other holder cancels too: the buyer's purchase completes and
 * its ticket shows as a QR code. axe-core audits the waitlisted and completed purchase page and
 * My tickets, on a desktop and on a phone.
 */
export async function waitsInLineAndMovesUp(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const { p, mf, demo, event } = await festival(base, mail, demoPassword);
  // Two seats, so two can wait (the waitlist holds as many as the seats: MUSICFEST_WAITLIST_FACTOR).
  const { eventId, ticketTypeId, event: created } = await event(2);
  const holders = [(await demo('seller')).accessToken, (await demo('buyer')).accessToken];
  const ahead = (await demo('salon-admin')).accessToken;
  const buyer = await demo('client');
  const held = [];
  for (const holder of holders) {
    const taken = await mf.buy(holder, eventId, ticketTypeId);
    assert.equal(taken.body.status, 'PENDING', taken.text);
    held.push({ token: holder, id: taken.body.id as string });
  }
  for (const h of held) await mf.until(h.token, h.id);
  const first = await mf.buy(ahead, eventId, ticketTypeId);
  assert.equal(first.body.status, 'WAITLISTED', first.text);

  const found: string[] = [];
  // axe is injected as a script of the test's own, which the page's CSP would refuse.
  const context = await browser.newContext({ ...contextOptions('desktop'), bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(`${base}/`);
    await page.evaluate((tokens) => localStorage.setItem('coordina.session', JSON.stringify(tokens)), {
      accessToken: buyer.accessToken,
      refreshToken: buyer.refreshToken,
    });
    await page.goto(`${base}/musicfest/events/${eventId}`);
    await page.getByRole('heading', { name: created.name, level: 1 }).waitFor(LONG);
    await page.getByLabel('Cantidad de General').fill('1');
    await page.getByTestId('waitlist-notice').waitFor(LONG);
    await page.getByRole('button', { name: 'Unirme a la lista de espera' }).click();
    await bought(page);
    await status(page, 'WAITLISTED');
    const position = page.getByTestId('waitlist-position');
    await position.filter({ hasText: 'Tu lugar en la fila: 2' }).waitFor(LONG);
    await page.getByTestId('waitlist-estimate').waitFor();
    found.push(...(await axeViolations(page, 'desktop purchase page, waitlisted')));
    // Set in this document: still there at the end means the page never reloaded.
    await page.evaluate('window.__sameDocument = true');

    const cancel = async (h: { token: string; id: string }) => {
      const r = await p.fetch(`/api/musicfest/purchases/${h.id}/cancel`, { token: h.token, method: 'POST' });
      assert.equal(r.status, 200, r.text);
    };
    await cancel(held[0] as { token: string; id: string });
    await position.filter({ hasText: 'Tu lugar en la fila: 1' }).waitFor(LONG);
    await cancel(held[1] as { token: string; id: string });
    await status(page, 'COMPLETED');
    await page.locator('main [data-testid="ticket"] svg').first().waitFor(LONG);
    assert.equal(await page.evaluate('window.__sameDocument'), true, 'followed live, without a reload');
    found.push(...(await axeViolations(page, 'desktop purchase page, completed')));

    await page.goto(`${base}/musicfest/tickets`);
    await page.getByTestId('my-purchase').filter({ hasText: created.name }).getByTestId('ticket').waitFor(LONG);
    found.push(...(await axeViolations(page, 'desktop my tickets')));
    await page.setViewportSize(contextOptions('phone').viewport ?? { width: 390, height: 844 });
    found.push(...(await axeViolations(page, 'phone-width my tickets')));
    assert.deepEqual(found, [], 'no serious or critical accessibility violation');
    assert.deepEqual(errors, [], 'no script errors');
  } finally {
    await context.close();
  }
}
