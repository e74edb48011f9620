import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { contextOptions } from './browser';
import { auditSignedInPages, pageFailures } from './web.scenarios';

const WAIT = { timeout: 60_000 };
const CLIENT = 'client@demo.coordina';

function main(page: Page, name: string) {
  return page.locator(`main [name="${name}"]`);
}

/**
 * On the book page: tries the days from `fromDay` on (the salon is closed some days) until
 * one has free times, picks the first and returns its label (the time on the salon's clock).
 */
async function pickFirstFreeTime(page: Page, fromDay: number): Promise<string> {
  const days = await main(page, 'date')
    .locator('option')
    .evaluateAll((o) => o.map((x) => x.getAttribute('value') ?? ''));
  for (const day of days.slice(fromDay)) {
    await main(page, 'date').selectOption(day);
    // Checked here, not in the page: the page's CSP refuses a string to evaluate.
    await page.waitForURL((url) => url.searchParams.get('date') === day, WAIT);
    const first = page.getByTestId('slots').locator('label').first();
    await first.or(page.getByTestId('no-slots')).waitFor(WAIT);
    if (await first.isVisible()) {
      await first.click();
      await page.getByTestId('booking-summary').waitFor(WAIT);
      return String(await first.textContent());
    }
  }
  throw new Error('no free time in the next two weeks');
}

/** Pays on the book page (signed in) and waits on the booking's page until the saga confirms it. */
async function payAndSeeConfirmed(page: Page): Promise<string> {
  await page.locator('main form button[type="submit"]').filter({ hasText: 'Pagar y reservar' }).click();
  await page.waitForURL(/\/instudio\/bookings\/[0-9a-f-]{36}$/, WAIT);
  const id = page.url().split('/').pop() ?? '';
  // The page polls while HELD; the saga authorizes the sandbox card and confirms.
  await page.locator('[data-testid="booking-status"][data-status="CONFIRMED"]').waitFor(WAIT);
  assert.equal(await page.getByTestId('booking-status').textContent(), 'Confirmada');
  return id;
}

/**
 * In a browser set to Tokyo's clock: a visitor opens a Lima salon, picks a service, a day
 * and a free time shown on the salon's clock (Lima, not Tokyo), is sent to sign in as the demo
 * client and comes back to the same choice, pays with the sandbox Visa, and sees the booking go
 * to CONFIRMED on its page; My bookings lists it. A second booking is cancelled from My
 * bookings, first seeing that it will be refunded in full, then the API's word that it is.
 * axe-core finds no serious or critical violation on the book page, the booking's page and
 * My bookings with the refund note open.
 */
export async function booksPaysAndCancels(base: string, browser: Browser, demoPassword: string): Promise<void> {
  const context = await browser.newContext({ ...contextOptions('desktop'), timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  const failures = pageFailures(page);
  try {
    await page.goto(`${base}/instudio/salons`);
    await page.locator('main article').getByRole('link', { name: 'Barranco Beauty Bar' }).click();
    await page.getByRole('heading', { name: 'Barranco Beauty Bar', level: 1 }).waitFor(WAIT);
    await page.locator('main').getByRole('link', { name: 'Reservar', exact: true }).click();
    await page.getByRole('heading', { name: 'Reservar en Barranco Beauty Bar' }).waitFor(WAIT);
    const bookUrl = page.url();
    await page.getByTestId('sign-in-to-book').waitFor();
    // Two days ahead at least: past the lead time and the 24 h cancellation window.
    const time = await pickFirstFreeTime(page, 2);
    const [hhmm = '', hour = ''] = /^(\d{1,2}):\d{2}/.exec(time) ?? [];
    assert.ok(
      Number(hour) >= 9 && Number(hour) < 19,
      `the time on Lima's clock inside the salon's hours, not Tokyo's: ${time}`,
    );
    const chosen = new URL(page.url()).searchParams.get('slot');
    assert.ok(chosen, 'the choice is in the URL');

    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL(/\/sign-in\?next=/, WAIT);
    await main(page, 'email').fill(CLIENT);
    await main(page, 'password').fill(demoPassword);
    await main(page, 'password').press('Enter');
    await page.waitForURL(/\/instudio\/salons\/[0-9a-f-]{36}\/book\?/, WAIT);
    assert.equal(new URL(page.url()).searchParams.get('slot'), chosen, 'back to the same choice');
    await page.getByTestId('booking-summary').waitFor(WAIT);
    const first = await payAndSeeConfirmed(page);
    assert.match(String(await page.getByTestId('booking-when').textContent()), new RegExp(`\\b${hhmm}\\b`));

    await page.locator('main').getByRole('link', { name: 'Mis reservas' }).click();
    await page.getByRole('heading', { name: 'Mis reservas' }).waitFor(WAIT);
    const firstCard = page.locator(`main article[data-booking="${first}"]`);
    await firstCard.locator('[data-status="CONFIRMED"]').waitFor(WAIT);

    await page.goto(bookUrl);
    await page.getByRole('heading', { name: 'Reservar en Barranco Beauty Bar' }).waitFor(WAIT);
    await pickFirstFreeTime(page, 3);
    const secondChoice = page.url();
    const second = await payAndSeeConfirmed(page);
    await page.locator('main').getByRole('link', { name: 'Mis reservas' }).click();
    const card = page.locator(`main article[data-booking="${second}"]`);
    await card.locator('[data-status="CONFIRMED"]').waitFor(WAIT);
    await card.getByRole('button', { name: 'Cancelar reserva' }).click();
    assert.match(String(await card.getByTestId('refund-note').textContent()), /se te reembolsa el total \(.*\d/);
    await card.getByRole('button', { name: 'Sí, cancelar' }).click();
    await card.getByTestId('cancel-result').getByText('Te reembolsaremos el total').waitFor(WAIT);
    await card.locator('[data-status="CANCELLED"]').waitFor(WAIT);
    await firstCard.locator('[data-status="CONFIRMED"]').waitFor();
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');

    await auditSignedInPages(
      browser,
      await context.storageState(),
      [
        // The cancelled booking's time, free again.
        [secondChoice, 'booking-summary'],
        [`${base}/instudio/bookings/${first}`, 'booking-status'],
        [`${base}/instudio/bookings`, 'booking-status'],
      ],
      // With the refund note open where a booking can be cancelled.
      async (page) => {
        const cancel = page.getByRole('button', { name: 'Cancelar reserva' }).first();
        if (await cancel.isVisible()) {
          await cancel.click();
          await page.getByTestId('refund-note').waitFor(WAIT);
        }
      },
    );
  } finally {
    await context.close();
  }
}
