import { DemoUsers } from '@coordina/identity/demo';
import type { Page } from 'playwright-core';
import type { Mailbox } from './mailbox';

// The salon admin's sign-in, navigation and axe-core audit, apart from the scenario
// (web.salonadmin.scenarios.ts) so that web.scenarios.ts can call the audit without a cycle.

/** A field of the page's main part by its name. */
export const field = (page: Page, name: string) => page.locator(`main [name="${name}"]`);

/** Signs the salon admin in through the sign-in page (with the emailed code when the policy asks for one). */
export async function signInAsSalonAdmin(page: Page, base: string, demoPassword: string, mail?: Mailbox) {
  const email = DemoUsers.salonAdmin.email;
  const seen = mail?.to(email).length ?? 0;
  await page.evaluate(() => localStorage.removeItem('coordina.session'));
  await page.goto(`${base}/sign-in`);
  await field(page, 'email').fill(email);
  await field(page, 'password').fill(demoPassword);
  await page.locator('main form button[type="submit"]').click();
  const code = page.getByRole('heading', { name: 'Escribe tu código' });
  await page.getByTestId('account-email').or(code).waitFor();
  if (mail && (await code.isVisible())) {
    await field(page, 'code').fill(await mail.extract(email, /iniciar sesión es (\d{6})/, 30_000, seen));
    await page.locator('main form button[type="submit"]').click();
  }
  await page.getByTestId('account-email').waitFor();
}

/** Opens one section of the salon's admin pages from its navigation and waits for its title. */
export async function section(page: Page, name: string) {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/**
 * The salon admin's pages for axe-core (called by `pagesAreAccessible` with its audit): My
 * salons and each section of a demo salon, signed in as the demo salon admin.
 */
export async function auditSalonAdminPages(
  base: string,
  page: Page,
  audit: (what: string) => Promise<void>,
  demoPassword: string,
): Promise<void> {
  await signInAsSalonAdmin(page, base, demoPassword);
  await page.goto(`${base}/instudio/admin`);
  await page.locator('main article a').getByText('Estudio Larco').click();
  await page.getByRole('heading', { name: 'Perfil', level: 1 }).waitFor();
  await audit('salon admin: profile');
  for (const [name, ready] of [
    ['Servicios', 'Añadir un servicio'],
    ['Estilistas', 'Añadir un estilista'],
    ['Horario', 'Guardar'],
    ['Promociones', 'Crear una promoción'],
    ['Reservas', 'Semana'],
    ['Opiniones', 'Opiniones'],
  ] as const) {
    await section(page, name);
    await page.waitForFunction(`!document.querySelector('main')?.textContent?.includes(${JSON.stringify('Cargando')})`);
    await page.locator('main').getByText(ready).first().waitFor();
    await audit(`salon admin: ${name}`);
  }
  await page.goto(`${base}/instudio/admin`);
  await page.locator('main article a').first().waitFor();
  await audit('salon admin: my salons');
}
