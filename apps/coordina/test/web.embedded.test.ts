import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_DEMO_PASSWORD } from '@coordina/platform/runtime';
import type { Browser } from 'playwright-core';
import { type ManagedProcess, startCoordina, waitForHealth } from '../src/child.process';
import { launchBrowser } from './browser';
import { Mailbox } from './mailbox';
import { adminSeesAnalytics, operatorSeesTrafficAndLag } from './web.analytics.scenarios';
import { booksPaysAndCancels } from './web.booking.scenarios';
import { twoUsersChat } from './web.chat.scenarios';
import { mediaAndAds } from './web.chat-media-ads.scenarios';
import { buysTicketsAndSeesQrCodes, waitsInLineAndMovesUp } from './web.festival.scenarios';
import { adminModeratesAReviewAndRefunds, buyerChecksOutWithCardAndYape } from './web.gamevault.scenarios';
import { sellerPublishesAndEditsAProduct } from './web.gamevault-seller.scenarios';
import { managerCreatesAnEventAndSeesASale } from './web.manager.scenarios';
import { operatorRetriesAParkedPurchase, opsEnv } from './web.ops.scenarios';
import { salonAdminEnv, salonAdminRunsTheSalon } from './web.salonadmin.scenarios';
import { findsASalon, pagesAreAccessible, registersAndSignsIn, servesTheWebApp } from './web.scenarios';

// `coordina start`, as `npm start` runs it: the web app comes with the product.
describe('web app, embedded (coordina start)', () => {
  let proc: ManagedProcess | undefined;
  let url = '';
  let browser: Browser | undefined;
  const mail = new Mailbox();
  // The product's data (PostgreSQL's files, ~190 MB) is removed after the tests; its log stays.
  const dir = mkdtempSync(join(tmpdir(), 'coordina-web-'));

  before(async () => {
    await mail.start();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: 'warn',
      SMTP_URL: mail.url,
      ...opsEnv,
      ...salonAdminEnv,
    };
    delete env.DATABASE_URL;
    delete env.COORDINA_DEMO_PASSWORD;
    const started = await startCoordina({
      name: 'web',
      dataDir: join(dir, 'data'),
      env,
      logFile: join(dir, 'out.log'),
    });
    proc = started.proc;
    url = started.url;
    await waitForHealth(url, 120_000, 'coordina start', proc);
  });
  after(async () => {
    await browser?.close();
    await proc?.stop();
    await mail.close();
    rmSync(join(dir, 'data'), { recursive: true, force: true });
  });

  it('serves the app at / and at deep links (no-cache), hashed assets for a year, precompressed', async () => {
    await servesTheWebApp(url);
  });

  it('a buyer registers with the emailed code, signs in with the emailed 2FA code and sees their account', async () => {
    browser ??= await launchBrowser();
    await registersAndSignsIn(url, browser, mail);
  });

  it('a visitor searches salons by filters kept in the URL, opens one and sees its services', async () => {
    browser ??= await launchBrowser();
    await findsASalon(url, browser);
  });

  it('every page has no serious or critical accessibility violation (axe-core), on a desktop and a phone', async () => {
    browser ??= await launchBrowser();
    await pagesAreAccessible(url, browser, DEFAULT_DEMO_PASSWORD);
  });

  it('an operator retries a parked purchase and sees the held events drain', async () => {
    browser ??= await launchBrowser();
    await operatorRetriesAParkedPurchase(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it('a client books a free time on the salon clock, pays, sees CONFIRMED, and cancels another seeing the refund', async () => {
    browser ??= await launchBrowser();
    await booksPaysAndCancels(url, browser, DEFAULT_DEMO_PASSWORD);
  });

  it('a buyer picks tickets, signs in and comes back, buys, and sees them with QR codes in My tickets', async () => {
    browser ??= await launchBrowser();
    await buysTicketsAndSeesQrCodes(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it('a buyer joins the waitlist of a sold-out event and sees the position change when a holder cancels', async () => {
    browser ??= await launchBrowser();
    await waitsInLineAndMovesUp(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it('a platform admin sees a booking and a sale in the analytics charts and tables, and downloads them as CSV', async () => {
    browser ??= await launchBrowser();
    await adminSeesAnalytics(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it("an operator sees the request rate and latency charts with samples, and every consumer group's lag", async () => {
    browser ??= await launchBrowser();
    await operatorSeesTrafficAndLag(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it('a manager signs in with the emailed code, creates an event with a ticket type, and sees a sale on the dashboard', async () => {
    browser ??= await launchBrowser();
    await managerCreatesAnEventAndSeesASale(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it('a salon admin adds a priced service, sets opening hours, completes a booking from the calendar and replies to a review', async () => {
    browser ??= await launchBrowser();
    await salonAdminRunsTheSalon(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });

  it('a GameVault buyer filters the catalog, adds a game to the cart, pays by card and follows the order to DELIVERED, and by Yape with a refused code (CANCELLED with the reason)', async () => {
    browser ??= await launchBrowser();
    await buyerChecksOutWithCardAndYape(url, browser, DEFAULT_DEMO_PASSWORD);
  });

  it("two users chat: one's message shows on the other's open page, presence and typing, an older message's edit live, money sent goes to paid, search finds the message, a channel subscribed, muted and read", async () => {
    browser ??= await launchBrowser();
    await twoUsersChat(url, browser, DEFAULT_DEMO_PASSWORD);
  });

  it('a GameVault seller lists their products, publishes a digital game with a picture, edits its price and stock, and finds it on their public page', async () => {
    browser ??= await launchBrowser();
    await sellerPublishesAndEditsAProduct(url, browser, DEFAULT_DEMO_PASSWORD);
  });

  it("chat media and ads: a picture, a sound and a video show once processed, a corrupt file shows as failed, a refused type under the field; an advertiser's campaign is shown, clicked, capped and counted", async () => {
    browser ??= await launchBrowser();
    await mediaAndAds(url, browser, DEFAULT_DEMO_PASSWORD);
  });

  it("a GameVault admin approves a flagged review from the moderators' queue and refunds part of an order", async () => {
    browser ??= await launchBrowser();
    await adminModeratesAReviewAndRefunds(url, browser, mail, DEFAULT_DEMO_PASSWORD);
  });
});
