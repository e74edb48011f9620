import assert from 'node:assert/strict';
import { DemoUsers } from '@coordina/identity/demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { contextOptions, pageFailures } from './browser';
import { auditSignedInPages } from './web.scenarios';

const WAIT = { timeout: 60_000 };

export function field(page: Page, name: string) {
  return page.locator(`main [name="${name}"]`);
}

/** Opens /chat in a new browser context, is sent to sign in as `email`, and comes back to the conversation list. */
export async function signedInChat(
  browser: Browser,
  base: string,
  email: string,
  password: string,
  system: string,
): Promise<{ context: BrowserContext; page: Page; failures: string[] }> {
  const context = await browser.newContext(contextOptions('desktop'));
  // The account's own system picks the sign-in policy (GameVault's buyer signs in on GameVault).
  await context.addInitScript((s) => localStorage.setItem('coordina.system', s), system);
  const page = await context.newPage();
  const failures = pageFailures(page);
  await page.goto(`${base}/chat`);
  await page.getByTestId('sign-in-first').getByRole('link').click();
  await page.waitForURL(/\/sign-in\?next=/, WAIT);
  await field(page, 'email').fill(email);
  await field(page, 'password').fill(password);
  await field(page, 'password').press('Enter');
  await page.waitForURL(`${base}/chat`, WAIT);
  await page.getByRole('heading', { name: 'Conversaciones', level: 1 }).waitFor(WAIT);
  return { context, page, failures };
}

/**
 * In two browsers (issue 17): GameVault's demo buyer starts a 1:1 with InStudio's demo client
 * by the client's user id and sends a message; the client's list shows it unread, and the
 * client's open conversation shows the buyer's next message without a reload, the buyer's
 * presence and "typing…" while the buyer types (the chat socket). The buyer edits an OLDER
 * message and the client sees the edit live (polling `after=` never brings it: the socket does).
 * The buyer sends money by the sandbox card, and sees the payment go from pending to paid.
 * On /chat/channels the buyer creates a channel and publishes; the client subscribes, mutes it and reads the post. The client finds the message by search and opens its conversation.
 * axe-core audits the list, the conversation and the search, on a desktop and a phone.
 */
export async function twoUsersChat(base: string, browser: Browser, demoPassword: string): Promise<void> {
  const buyer = await signedInChat(browser, base, DemoUsers.buyer.email, demoPassword, 'gamevault');
  const client = await signedInChat(browser, base, DemoUsers.client.email, demoPassword, 'instudio');
  const stamp = Date.now().toString(36);
  try {
    const b = buyer.page;
    const c = client.page;
    await c.getByTestId('my-id').filter({ hasText: DemoUsers.client.id }).waitFor(WAIT);
    await field(b, 'memberIds').fill(DemoUsers.client.id);
    await b.locator('main form').getByRole('button', { name: 'Empezar' }).click();
    await b.waitForURL(/\/chat\/[0-9a-f-]{36}$/, WAIT);
    const conversationUrl = b.url();
    const conversationId = conversationUrl.split('/').pop() ?? '';
    const first = `Hola, ¿sigue disponible el Zelda? ${stamp}`;
    await field(b, 'text').fill(first);
    await field(b, 'text').press('Enter');
    await b.locator('main article[data-mine="true"]').filter({ hasText: first }).waitFor(WAIT);

    // The client's list shows the conversation with the message unread (the list is polled too).
    const row = c.locator(`main article[data-conversation="${conversationId}"]`);
    await row.filter({ hasText: first }).waitFor(WAIT);
    await row.getByTestId('unread').filter({ hasText: '1 sin leer' }).waitFor(WAIT);
    await row.getByRole('link').click();
    await c.waitForURL(conversationUrl, WAIT);
    await c.locator('main article[data-mine="false"]').filter({ hasText: first }).waitFor(WAIT);

    // The client sees the buyer online (1:1 presence) and typing while the buyer types.
    await c
      .getByTestId('presence')
      .and(c.locator('[data-online="true"]'))
      .filter({ hasText: 'En línea' })
      .waitFor(WAIT);
    await b.locator('main [data-testid="history"][data-live="true"]').waitFor(WAIT);
    await c.locator('main [data-testid="history"][data-live="true"]').waitFor(WAIT);
    await field(b, 'text').fill('Te');
    await c.getByTestId('typing').filter({ hasText: 'escribiendo…' }).waitFor(WAIT);

    // A message sent while the client's page is open shows there without a reload.
    const second = `Te puedo pagar hoy mismo ${stamp}`;
    await field(b, 'text').fill(second);
    await b.getByRole('button', { name: 'Enviar', exact: true }).click();
    await c.locator('main article').filter({ hasText: second }).waitFor(WAIT);
    assert.equal(
      await c.locator('main article[data-mine="false"]').getByRole('button').count(),
      0,
      "others' messages cannot be edited",
    );

    // The buyer edits their first message; the new text is what search finds later.
    const firstId = await b
      .locator('main article[data-mine="true"]')
      .filter({ hasText: first })
      .getAttribute('data-message');
    const own = b.locator(`main article[data-message="${firstId}"]`);
    await own.getByRole('button', { name: 'Editar' }).click();
    const edited = `Hola, ¿sigue disponible el Zelda edición coleccionista? ${stamp}`;
    await own.locator('[name="edit"]').fill(edited);
    await own.getByRole('button', { name: 'Guardar' }).click();
    await b
      .locator('main article[data-mine="true"]')
      .filter({ hasText: edited })
      .filter({ hasText: 'editado' })
      .waitFor(WAIT);
    // The client's open page shows the edit of that older message live (from the socket's `message.edited`).
    await c
      .locator(`main article[data-message="${firstId}"]`)
      .filter({ hasText: edited })
      .filter({ hasText: 'editado' })
      .waitFor(WAIT);

    // Money to the client by the sandbox card: pending until the provider's webhook, then paid.
    await field(b, 'amount').fill('35');
    await b.getByRole('button', { name: 'Enviar dinero' }).click();
    const payment = b.locator('main [data-testid="payment"]').filter({ hasText: /35[.,]00/ });
    await payment.locator('[data-testid="payment-status"][data-status="paid"]').waitFor(WAIT);
    await c.locator('main [data-testid="payment-status"][data-status="paid"]').waitFor(WAIT);

    // The client finds the edited message by search and opens its conversation from the result.
    await c.goto(`${base}/chat/search`);
    await field(c, 'q').fill('coleccionista');
    await c.waitForURL((url) => url.searchParams.get('q') === 'coleccionista', WAIT);
    const result = c.locator('main article[data-result]').filter({ hasText: edited });
    await result.waitFor(WAIT);
    const searchUrl = c.url();
    await result.getByRole('link').click();
    await c.waitForURL(conversationUrl, WAIT);
    await c.locator('main article').filter({ hasText: edited }).waitFor(WAIT);

    // Channels: the buyer creates one and publishes; the client subscribes, mutes it and reads the feed.
    const channelTitle = `Ofertas ${stamp}`;
    const post = `Zelda a mitad de precio ${stamp}`;
    await b.goto(`${base}/chat/channels`);
    await field(b, 'title').fill(channelTitle);
    await b.getByRole('button', { name: 'Crear' }).click();
    await b.getByTestId('feed').filter({ hasText: channelTitle }).waitFor(WAIT);
    await field(b, 'post').fill(post);
    await b.getByRole('button', { name: 'Publicar' }).click();
    await b.getByTestId('post-text').filter({ hasText: post }).waitFor(WAIT);
    await c.goto(`${base}/chat/channels`);
    const channel = c.locator('main article[data-channel]').filter({ hasText: channelTitle });
    await channel.getByRole('button', { name: 'Suscribirme' }).click();
    await channel.and(c.locator('[data-subscribed="true"]')).waitFor(WAIT);
    await channel.getByRole('button', { name: 'Silenciar' }).click();
    await channel.getByTestId('muted').waitFor(WAIT);
    await channel.getByRole('button', { name: 'Ver publicaciones' }).click();
    await c.getByTestId('post-text').filter({ hasText: post }).waitFor(WAIT);
    assert.deepEqual([...buyer.failures, ...client.failures], [], 'no script errors and nothing blocked by the CSP');

    await auditSignedInPages(browser, await client.context.storageState(), [
      [`${base}/chat`, 'my-id'],
      [conversationUrl, 'message-text'],
      [searchUrl, 'result-text'],
      [`${base}/chat/channels`, 'channels'],
    ]);
  } finally {
    await buyer.context.close();
    await client.context.close();
  }
}
