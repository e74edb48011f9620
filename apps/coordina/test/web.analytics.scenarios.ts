import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually, testFetch } from '@coordina/platform/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { SALON, Shopper } from './booking.scenarios';
import { newContext, pageFailures } from './browser';
import { entryPoint } from './harness';
import type { Mailbox } from './mailbox';
import { MusicFestClient, onSaleEvent } from './musicfest.client';

const LONG = { timeout: 90_000 };

/** The platform admin signs in through the sign-in page (no second factor for the demo admin). */
export async function signInAsAdmin(page: Page, base: string, demoPassword: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.locator('main [name="email"]').fill(DemoUsers.platformAdmin.email);
  await page.locator('main [name="password"]').fill(demoPassword);
  await page.locator('main form button[type="submit"]').click();
  await page.getByTestId('account-email').waitFor();
}

/** The text of each cell of a table row. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('td').allTextContents()).map((c) => c.trim());
}

/** Clicks a report's CSV button and reads the file the browser saved. */
async function downloaded(page: Page, report: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', LONG),
    report.getByRole('button', { name: 'Descargar CSV' }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/**
 * A client books a time at Estudio Larco and pays, and a buyer buys two tickets of a new
 * event (both through the API); the platform admin opens Analytics from the user menu, sees
 * the booking counted on its appointment date at the salon's row of the bookings report (with
 * its chart), downloads that report as CSV and finds the same row; then on MusicFest's page
 * sees the event's sale (1 purchase, 2 tickets) and downloads the sales CSV with it.
 */
export async function adminSeesAnalytics(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const { p, setProbe } = entryPoint(base, demoPassword);
  const mf = new MusicFestClient(p, mail);
  const admin = await mf.admin();
  const manager = await mf.manager();
  setProbe(manager);

  // A booking far enough ahead that no other scenario books that day.
  const shopper = new Shopper(p);
  const client = (await mf.signIn(DemoUsers.client.email, demoPassword)).accessToken;
  const { serviceId, slots } = await shopper.freeSlots(40 + Math.floor(Math.random() * 40));
  const slot = slots[0];
  assert.ok(slot);
  const day = new Date(slot.start).toLocaleDateString('en-CA', { timeZone: 'America/Lima' });
  const asked = `/api/analytics/instudio/bookings?from=${day}&to=${day}`;
  const before = await testFetch(base, asked, { token: admin });
  assert.equal(before.status, 200, before.text);
  const earlier = Number(before.body.rows.find((r: { key: string }) => r.key === SALON)?.confirmed ?? 0);
  const booked = await shopper.book(client, slot, serviceId, 'pm_card_visa');
  assert.equal(booked.status, 202, booked.text);
  assert.equal((await shopper.settled(client, booked.body.id, 60_000)).status, 'CONFIRMED');
  // Analytics counts it once the booking's events reach it.
  const row = await eventually(async () => {
    const r = await testFetch(base, asked, { token: admin });
    const salon = r.body.rows?.find((x: { key: string }) => x.key === SALON);
    return salon && salon.confirmed === earlier + 1 ? salon : undefined;
  }, 60_000);

  const name = `Analítica ${randomUUID().slice(0, 8)}`;
  const { eventId, ticketTypeId } = await onSaleEvent(p, manager, 10, name);
  const buyer = (await mf.signIn(DemoUsers.buyer.email, demoPassword, { policy: 'musicfest' })).accessToken;
  const bought = await mf.buy(buyer, eventId, ticketTypeId, 2);
  assert.equal(bought.status, 202, bought.text);
  await eventually(
    async () => ((await mf.purchase(buyer, bought.body.id)).status === 'COMPLETED' ? true : undefined),
    60_000,
  );

  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures = pageFailures(page);
  page.setDefaultTimeout(60_000);
  try {
    await signInAsAdmin(page, base, demoPassword);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Analítica' }).click();
    await page.getByRole('heading', { name: 'Analítica de InStudio', level: 1 }).waitFor();
    // The appointment's day, kept in the URL.
    await page.getByLabel('Desde').fill(day);
    await page.getByLabel('Hasta').fill(day);
    await page.waitForURL(new RegExp(`from=${day}&to=${day}`));
    const bookings = page.getByTestId('report-bookings');
    const salonRow = bookings.getByRole('row').filter({ hasText: 'Estudio Larco' });
    await salonRow.waitFor(LONG);
    const shown = await cells(salonRow);
    assert.equal(shown[1], 'Estudio Larco', shown.join(' | '));
    assert.deepEqual(
      shown.slice(2).map(Number),
      [row.bookings, row.confirmed, row.completed, row.noShows],
      `the table shows the report's numbers: ${shown.join(' | ')}`,
    );
    await bookings.getByTestId('chart-bookings').locator('canvas').waitFor();
    const csv = await downloaded(page, bookings);
    assert.equal(csv.name, 'instudio-bookings-by-salon-per-day.csv');
    const lines = csv.text.trim().split(/\r?\n/);
    assert.equal(lines[0], 'period,key,label,bookings,confirmed,completed,noShows');
    assert.ok(
      lines.includes(`${day},${SALON},Estudio Larco,${row.bookings},${row.confirmed},${row.completed},${row.noShows}`),
      csv.text,
    );

    await page.getByRole('navigation', { name: 'Analítica' }).getByRole('link', { name: 'MusicFest' }).click();
    await page.getByRole('heading', { name: 'Analítica de MusicFest', level: 1 }).waitFor();
    const sales = page.getByTestId('report-sales');
    const eventRow = sales.getByRole('row').filter({ hasText: name });
    await eventRow.waitFor(LONG);
    assert.deepEqual((await cells(eventRow)).slice(2, 4), ['1', '2'], 'one purchase of two tickets');
    await sales.getByTestId('chart-sales').locator('canvas').waitFor();
    const sold = await downloaded(page, sales);
    assert.equal(sold.name, 'musicfest-sales-by-event-per-day.csv');
    const soldLines = sold.text.trim().split(/\r?\n/);
    assert.equal(soldLines[0], 'period,key,label,purchases,tickets,revenueCents,commissionCents');
    assert.ok(
      soldLines.some((l) => new RegExp(`^\\d{4}-\\d{2}-\\d{2},${eventId},${name},1,2,\\d+,\\d+$`).test(l)),
      sold.text,
    );
    assert.deepEqual(failures, [], 'no script errors');
  } finally {
    await context.close();
  }
}

/** The analytics pages and the console's traffic page for axe-core, signed in as the platform admin (called by `pagesAreAccessible`). */
export async function auditAnalyticsPages(base: string, page: Page, audit: (what: string) => Promise<void>) {
  for (const [path, heading] of [
    ['/ops/traffic', 'Tráfico y consumidores'],
    ['/analytics/instudio', 'Analítica de InStudio'],
    ['/analytics/musicfest', 'Analítica de MusicFest'],
  ] as const) {
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForFunction(`!document.querySelector('main')?.textContent?.includes(${JSON.stringify('Cargando')})`);
    await audit(path);
  }
}

/**
 * The operations console's traffic page: only a platform admin reads its routes; the admin
 * opens it from the console's navigation and sees the request-rate chart drawn from samples
 * with requests in them (the console's own polling makes some), the latest sample per service,
 * and the consumer lag table listing the same consumer groups as the API.
 */
export async function operatorSeesTrafficAndLag(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const { p } = entryPoint(base, demoPassword);
  const mf = new MusicFestClient(p, mail);
  const manager = await mf.manager();
  for (const path of ['/api/ops/traffic', '/api/ops/consumers']) {
    assert.equal((await testFetch(base, path, { token: manager })).status, 403, `${path} is for platform admins`);
  }
  const admin = await mf.admin();
  const groups = await testFetch(base, '/api/ops/consumers', { token: admin });
  assert.equal(groups.status, 200, groups.text);
  const known = groups.body.items as { group: string; topic: string; end: number }[];
  assert.ok(known.length > 0, 'the services have consumer groups');
  const busy = known.find((c) => c.end > 0);
  assert.ok(busy, `some topic has records: ${JSON.stringify(known.slice(0, 5))}`);

  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures = pageFailures(page);
  page.setDefaultTimeout(60_000);
  try {
    await signInAsAdmin(page, base, demoPassword);
    await page.goto(`${base}/ops`);
    await page.getByRole('navigation', { name: 'Operaciones' }).getByRole('link', { name: 'Tráfico' }).click();
    await page.getByRole('heading', { name: 'Tráfico y consumidores', level: 1 }).waitFor();
    const lagRow = page.getByTestId('consumer-row').filter({ hasText: busy.group }).filter({ hasText: busy.topic });
    await lagRow.first().waitFor(LONG);
    const shown = await cells(lagRow.first());
    assert.equal(shown[1], busy.group);
    assert.equal(shown[2], busy.topic);
    assert.ok(Number(shown[4]) >= busy.end && Number(shown[5]) >= 0, shown.join(' | '));
    assert.equal(await page.getByTestId('consumer-row').count(), known.length, 'every group and topic of the API');
    // Samples come every sampling interval; the console's own requests are in them.
    await eventually(async () => {
      const chart = page.getByTestId('rate-chart');
      const points = (await chart.count()) > 0 ? Number(await chart.getAttribute('data-points')) : 0;
      const rates = await page.getByTestId('traffic-row').locator('td:nth-child(3)').allTextContents();
      return points > 0 && rates.some((r) => Number(r) > 0) ? true : undefined;
    }, 60_000);
    await page.getByTestId('rate-chart').locator('canvas').waitFor();
    await page.getByTestId('traffic-latency-chart').locator('canvas').waitFor();
    assert.deepEqual(failures, [], 'no script errors');
  } finally {
    await context.close();
  }
}
