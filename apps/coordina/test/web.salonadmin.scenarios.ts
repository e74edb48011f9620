import assert from 'node:assert/strict';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually, type TestFetchInit, testFetch } from '@coordina/platform/testing';
import type { Browser } from 'playwright-core';
import { contextOptions, newContext } from './browser';
import type { Mailbox } from './mailbox';
import { apiSession, apiSignIn } from './web.ops.scenarios';
import { field, section, signInAsSalonAdmin } from './web.salonadmin.audit';
import { pageFailures } from './web.scenarios';

/** What the product needs for the salon admin's scenario: a booking may start seconds from now (then be marked). */
export const salonAdminEnv = { BOOKING_LEAD_TIME_MINUTES: '0' };

const localHour = (timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
/** A zone whose clock is between 01:00 and 17:59 now: the booking and the calendar's "today" stay on one day. */
const daytimeZone = () =>
  ['America/Lima', 'Asia/Tokyo', 'Europe/Madrid'].find((tz) => localHour(tz) >= 1 && localHour(tz) <= 17) ??
  'America/Lima';

async function call(base: string, path: string, init: TestFetchInit, ok: number[]) {
  const r = await testFetch(base, path, init);
  assert.ok(ok.includes(r.status), `${init.method ?? 'POST'} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

/**
 * In a browser, the salon admin's day: a platform admin opens a salon for the demo salon admin
 * (API); the salon admin signs in, opens it from My salons (the user menu), sees the API's
 * field message for an unknown time zone, adds a service with a price, opens it every day
 * 00:00-23:59, adds a stylist who offers it and sets the stylist's own hours; a client books it (API) and the salon admin sees the booking on the calendar
 * (the salon's day) and marks it completed once it has started; the client reviews it (their phone)
 * and the salon admin replies. After each action the API says the same.
 */
export async function salonAdminRunsTheSalon(
  base: string,
  browser: Browser,
  mail: Mailbox,
  demoPassword: string,
): Promise<void> {
  const platform = await apiSignIn(base, mail, DemoUsers.platformAdmin.email, demoPassword);
  const admin = await apiSignIn(base, mail, DemoUsers.salonAdmin.email, demoPassword);
  const timezone = daytimeZone();
  const name = `Salón web ${Date.now().toString(36)}`;
  const { id: salonId } = await call(
    base,
    '/api/instudio/salons',
    {
      token: platform,
      json: {
        name,
        address: 'Av. Pardo 100',
        district: 'Miraflores',
        phone: '+51 1 222 3333',
        timezone,
        adminUserId: DemoUsers.salonAdmin.id,
      },
    },
    [201],
  );
  const salon = async () => call(base, `/api/instudio/salons/${salonId}`, { method: 'GET' }, [200]);

  const context = await newContext(browser, 'desktop');
  const page = await context.newPage();
  const failures = pageFailures(page);
  page.setDefaultTimeout(60_000);
  try {
    await page.goto(`${base}/`);
    await signInAsSalonAdmin(page, base, demoPassword, mail);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Mis salones' }).click();
    await page.getByRole('heading', { name: 'Mis salones', level: 1 }).waitFor();
    await page.locator('main article').getByRole('link', { name }).click();
    await page.getByRole('heading', { name: 'Perfil', level: 1 }).waitFor();

    // The API's problem+json shows by its field.
    await field(page, 'timezone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.locator('main').getByText('unknown IANA time zone').waitFor();
    assert.equal(
      await field(page, 'timezone').getAttribute('aria-invalid'),
      'true',
      "the API's message is the field's",
    );
    assert.equal((await salon()).timezone, timezone, 'nothing changed');
    await field(page, 'timezone').fill(timezone);
    await field(page, 'phone').fill('+51 1 444 5555');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByTestId('form-done').waitFor();
    assert.equal((await salon()).phone, '+51 1 444 5555');

    // A service with its price: the rules first, then the API has it and the public page shows it.
    await section(page, 'Servicios');
    await field(page, 'name').fill('Corte web');
    await field(page, 'durationMinutes').fill('30');
    await field(page, 'priceCents').fill('cuarenta');
    await page.getByRole('button', { name: 'Añadir' }).click();
    await page.getByText('Escribe un precio en soles').waitFor();
    await field(page, 'priceCents').fill('45,50');
    await page.getByRole('button', { name: 'Añadir' }).click();
    await page.getByTestId('form-done').waitFor();
    const services = page.getByRole('region', { name: 'Servicios' });
    await services.getByRole('row').filter({ hasText: 'Corte web' }).waitFor();
    const service = (await salon()).services.find((s: { name: string }) => s.name === 'Corte web');
    assert.ok(service, 'the service is on the public salon');
    assert.equal(service.priceCents, 4550);
    assert.equal(service.durationMinutes, 30);

    // Opening hours, every day all day, on the salon's clock.
    await section(page, 'Horario');
    assert.match(String(await page.getByTestId('salon-timezone').textContent()), new RegExp(timezone));
    for (const d of [1, 2, 3, 4, 5, 6, 0]) {
      await field(page, `open-${d}`).check();
      await field(page, `opens-${d}`).fill('00:00');
      await field(page, `closes-${d}`).fill('23:59');
    }
    await field(page, 'closes-1').fill('00:00');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Debe ser después de la hora de inicio').waitFor();
    await field(page, 'closes-1').fill('23:59');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByTestId('form-done').waitFor();
    const hours = (await salon()).hours as { weekday: number; opens: string; closes: string }[];
    assert.deepEqual(
      hours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`).sort(),
      [0, 1, 2, 3, 4, 5, 6].map((d) => `${d} 00:00-23:59`),
    );

    // A stylist who offers it, then their own hours.
    await section(page, 'Estilistas');
    await field(page, 'name').fill('Lucía');
    await page.locator('main').getByLabel('Corte web').check();
    await page.getByRole('button', { name: 'Añadir' }).click();
    await page.getByTestId('form-done').waitFor();
    const card = (text: string) => page.locator('main article').filter({ hasText: text });
    await card('Lucía').getByRole('button', { name: 'Cambiar el horario de Lucía' }).click();
    const own = page.getByRole('form', { name: 'Cambiar el horario de Lucía' });
    for (const d of [1, 2, 3, 4, 5, 6, 0]) {
      await own.locator(`[name="open-${d}"]`).check();
      await own.locator(`[name="opens-${d}"]`).fill('00:00');
      await own.locator(`[name="closes-${d}"]`).fill('23:59');
    }
    await own.getByRole('button', { name: 'Guardar' }).click();
    await own.waitFor({ state: 'detached' });
    const stylist = (await salon()).stylists.find((s: { name: string }) => s.name === 'Lucía');
    assert.deepEqual(stylist?.serviceIds, [service.id]);
    assert.deepEqual(
      stylist.hours.map(
        (h: { weekday: number; opens: string; closes: string }) => `${h.weekday} ${h.opens}-${h.closes}`,
      ),
      [0, 1, 2, 3, 4, 5, 6].map((d) => `${d} 00:00-23:59`),
    );

    // A client books it (API) for a few seconds from now.
    const clientSession = await apiSession(base, mail, DemoUsers.client.email, demoPassword);
    const client = clientSession.accessToken;
    const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 20_000);
    const booked = await call(
      base,
      '/api/instudio/bookings',
      {
        token: client,
        headers: { 'idempotency-key': crypto.randomUUID() },
        json: {
          salonId,
          serviceId: service.id,
          stylistId: stylist.id,
          start: start.toISOString(),
          paymentMethod: 'pm_card_visa',
        },
      },
      [202],
    );
    const status = async () =>
      (await call(base, `/api/instudio/bookings/${booked.id}`, { method: 'GET', token: admin }, [200])).status;
    await eventually(async () => (await status()) === 'CONFIRMED', 60_000);

    // The calendar (the salon's today) shows it; once it has started the salon marks it completed.
    await section(page, 'Reservas');
    const booking = page.locator(`main article[data-booking="${booked.id}"]`);
    await booking.waitFor({ timeout: 60_000 });
    await booking.getByText(/Lucía/).waitFor();
    assert.match(String(await booking.textContent()), /Corte web.*Lucía.*45,50/);
    await booking.locator('[data-status="CONFIRMED"]').waitFor();
    await eventually(async () => Date.now() > start.getTime() + 500, 60_000);
    await booking.getByRole('button', { name: 'Completada' }).click();
    await booking.locator('[data-status="COMPLETED"]').waitFor();
    assert.equal(await status(), 'COMPLETED');
    await page.locator('main').getByText('Semana', { exact: true }).click();
    await page.waitForURL(/view=week/);
    await booking.locator('[data-status="COMPLETED"]').waitFor();

    // The client reviews it on the booking's page (a phone, signed in); the salon admin replies once.
    const phone = await browser.newContext({
      ...contextOptions('phone'),
      storageState: {
        cookies: [],
        origins: [{ origin: base, localStorage: [{ name: 'coordina.session', value: JSON.stringify(clientSession) }] }],
      },
    });
    try {
      const mine = await phone.newPage();
      const mineFailures = pageFailures(mine);
      await mine.goto(`${base}/instudio/bookings/${booked.id}`);
      await mine.locator('[data-testid="booking-status"][data-status="COMPLETED"]').waitFor({ timeout: 60_000 });
      await mine.locator('select[name="rating"]').selectOption('4');
      await mine.locator('[name="text"]').fill('Muy buen corte');
      await mine.getByRole('button', { name: 'Publicar opinión' }).click();
      await mine.getByRole('status').filter({ hasText: /opini/i }).waitFor();
      assert.deepEqual(mineFailures, [], "no script errors and nothing blocked by the CSP on the client's phone");
    } finally {
      await phone.close();
    }
    const [review] = (await call(base, `/api/instudio/salons/${salonId}/reviews`, { method: 'GET' }, [200])).items;
    assert.deepEqual([review.rating, review.text], [4, 'Muy buen corte']);
    await section(page, 'Opiniones');
    const item = page.locator(`main article[data-review="${review.id}"]`);
    await item.getByText('Muy buen corte').waitFor();
    await item.locator('[name="text"]').fill('¡Gracias por venir!');
    await item.getByRole('button', { name: 'Responder' }).click();
    await item.getByText('¡Gracias por venir!').waitFor();
    await item.locator('[name="text"]').waitFor({ state: 'detached' });
    const reviews = await call(base, `/api/instudio/salons/${salonId}/reviews`, { method: 'GET' }, [200]);
    assert.equal(reviews.items[0].reply?.text, '¡Gracias por venir!');

    // The public page shows what the salon admin set.
    await page.getByRole('link', { name: 'Ver la página pública' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Servicios' }).getByRole('row').filter({ hasText: 'Corte web' }).waitFor();
    assert.deepEqual(failures, [], 'no script errors and nothing blocked by the CSP');
  } finally {
    await context.close();
  }
}
