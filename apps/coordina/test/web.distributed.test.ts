import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { distributed, type Product } from './harness';
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

// `coordina up`: each gateway serves the web app; nginx in front passes it through.
describe('web app, distributed (through nginx and the gateways)', () => {
  let product: Product | undefined;
  let browser: Browser | undefined;
  const mail = new Mailbox();

  before(async () => {
    await mail.start();
    product = await distributed({ smtpUrl: mail.url, env: { ...opsEnv, ...salonAdminEnv } });
  });
  after(async () => {
    await browser?.close();
    await product?.close();
    await mail.close();
  });

  it('serves the app at / and at deep links (no-cache), hashed assets for a year, precompressed', async () => {
    await servesTheWebApp(product?.url ?? '');
  });

  it('a buyer registers with the emailed code, signs in with the emailed 2FA code and sees their account', async () => {
    browser ??= await launchBrowser();
    await registersAndSignsIn(product?.url ?? '', browser, mail);
  });

  it('a visitor searches salons by filters kept in the URL, opens one and sees its services', async () => {
    browser ??= await launchBrowser();
    await findsASalon(product?.url ?? '', browser);
  });

  it('every page has no serious or critical accessibility violation (axe-core), on a desktop and a phone', async () => {
    browser ??= await launchBrowser();
    await pagesAreAccessible(product?.url ?? '', browser, product?.demoPassword ?? '');
  });

  it('an operator retries a parked purchase and sees the held events drain', async () => {
    browser ??= await launchBrowser();
    await operatorRetriesAParkedPurchase(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it('a client books a free time on the salon clock, pays, sees CONFIRMED, and cancels another seeing the refund', async () => {
    browser ??= await launchBrowser();
    await booksPaysAndCancels(product?.url ?? '', browser, product?.demoPassword ?? '');
  });

  it('a buyer picks tickets, signs in and comes back, buys, and sees them with QR codes in My tickets', async () => {
    browser ??= await launchBrowser();
    await buysTicketsAndSeesQrCodes(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it('a buyer joins the waitlist of a sold-out event and sees the position change when a holder cancels', async () => {
    browser ??= await launchBrowser();
    await waitsInLineAndMovesUp(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it('a platform admin sees a booking and a sale in the analytics charts and tables, and downloads them as CSV', async () => {
    browser ??= await launchBrowser();
    await adminSeesAnalytics(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it("an operator sees the request rate and latency charts with samples, and every consumer group's lag", async () => {
    browser ??= await launchBrowser();
    await operatorSeesTrafficAndLag(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it('a manager signs in with the emailed code, creates an event with a ticket type, and sees a sale on the dashboard', async () => {
    browser ??= await launchBrowser();
    await managerCreatesAnEventAndSeesASale(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it('a salon admin adds a priced service, sets opening hours, completes a booking from the calendar and replies to a review', async () => {
    browser ??= await launchBrowser();
    await salonAdminRunsTheSalon(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });

  it('a GameVault buyer filters the catalog, adds a game to the cart, pays by card and follows the order to DELIVERED, and by Yape with a refused code (CANCELLED with the reason)', async () => {
    browser ??= await launchBrowser();
    await buyerChecksOutWithCardAndYape(product?.url ?? '', browser, product?.demoPassword ?? '');
  });

  it("two users chat: one's message shows on the other's open page, presence and typing, an older message's edit live, money sent goes to paid, search finds the message, a channel subscribed, muted and read", async () => {
    browser ??= await launchBrowser();
    await twoUsersChat(product?.url ?? '', browser, product?.demoPassword ?? '');
  });

  it('a GameVault seller lists their products, publishes a digital game with a picture, edits its price and stock, and finds it on their public page', async () => {
    browser ??= await launchBrowser();
    await sellerPublishesAndEditsAProduct(product?.url ?? '', browser, product?.demoPassword ?? '');
  });

  it("chat media and ads: a picture, a sound and a video show once processed, a corrupt file shows as failed, a refused type under the field; an advertiser's campaign is shown, clicked, capped and counted", async () => {
    browser ??= await launchBrowser();
    await mediaAndAds(product?.url ?? '', browser, product?.demoPassword ?? '');
  });

  it("a GameVault admin approves a flagged review from the moderators' queue and refunds part of an order", async () => {
    browser ??= await launchBrowser();
    await adminModeratesAReviewAndRefunds(product?.url ?? '', browser, mail, product?.demoPassword ?? '');
  });
});
