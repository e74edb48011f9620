import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { sampleClip, samplePhoto } from '@coordina/platform/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { field, signedInChat } from './web.chat.scenarios';
import { auditSignedInPages } from './web.scenarios';

const WAIT = { timeout: 90_000 };

/** Resolves once the <img> has loaded, with its natural width. */
async function loadedWidth(page: Page, img: Locator): Promise<number> {
  await img.waitFor(WAIT);
  const handle = await img.elementHandle();
  await page.waitForFunction(
    (el) => {
      const img = el as unknown as { complete: boolean; naturalWidth: number } | null;
      return img?.complete === true && img.naturalWidth > 0;
    },
    handle,
    WAIT,
  );
  return img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);
}

/** Resolves once the <audio>/<video> has read its file's metadata (the browser decodes it). */
async function playable(page: Page, media: Locator): Promise<void> {
  await media.waitFor(WAIT);
  const handle = await media.elementHandle();
  await page.waitForFunction(
    (el) => {
      const media = el as unknown as { readyState: number; duration: number } | null;
      return (media?.readyState ?? 0) >= 1 && (media?.duration ?? 0) > 0;
    },
    handle,
    WAIT,
  );
}

/**
 * Media and ads in the Chat pages (issue 17), in three browsers through the gateway:
 * - GameVault's demo buyer opens a 1:1 with InStudio's demo client; a text named .jpg is refused
 *   under the file field (415 naming `body.file`), a file over 10 MB too (413, "too large"); a photo, a sound and a video sent there show
 *   on the client's open page once processed: the 320 px thumbnail (the 1200 px picture on
 *   click), a sound the browser plays, a video's poster and then the video itself. A corrupt
 *   file shows "processing" and then the failed state with ffmpeg's reason (parked, no frame
 *   tells it: the page reads it again).
 * - The demo advertiser opens Advertising from the user menu (the buyer's menu has no such
 *   entry), creates a campaign for the channels page charged per click with a cap of 1 a day;
 *   the buyer sees it on /chat/channels and follows it (the click is recorded, the ad opens in
 *   a new tab); the next visit gets no ad (204, the cap); the advertiser's table shows 1
 *   impression, 1 click, 100 % CTR and S/ 0.50 spent from analytics.
 * axe-core audits the advertiser's page and the conversation with media, on a desktop and a phone.
 */
export async function mediaAndAds(base: string, browser: Browser, demoPassword: string): Promise<void> {
  const buyer = await signedInChat(browser, base, DemoUsers.buyer.email, demoPassword, 'gamevault');
  const client = await signedInChat(browser, base, DemoUsers.client.email, demoPassword, 'instudio');
  const advertiser = await signedInChat(browser, base, DemoUsers.advertiser.email, demoPassword, 'instudio');
  const stamp = Date.now().toString(36);
  try {
    const b = buyer.page;
    const c = client.page;
    const a = advertiser.page;
    await field(b, 'memberIds').fill(DemoUsers.client.id);
    await b.locator('main form').getByRole('button', { name: 'Empezar' }).click();
    await b.waitForURL(/\/chat\/[0-9a-f-]{36}$/, WAIT);
    const conversationUrl = b.url();
    await c.goto(conversationUrl);
    await b.locator('main [data-testid="history"][data-live="true"]').waitFor(WAIT);
    await c.locator('main [data-testid="history"][data-live="true"]').waitFor(WAIT);

    // What is not a picture, a video or a sound (by its bytes, whatever its name) is refused under the field.
    const file = b.locator('main input[name="file"]');
    await file.setInputFiles({
      name: 'foto.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('solo texto\n'.repeat(20)),
    });
    await b.locator('main [aria-invalid="true"][name="file"]').waitFor(WAIT);
    await b
      .locator('main')
      .getByText(/must be a picture/)
      .waitFor(WAIT);
    // Past the upload limit (10 MB: nginx's, the gateway's and chat-media's): 413, "too large" under the field.
    const [tooLarge] = await Promise.all([
      b.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat/media', WAIT),
      file.setInputFiles({ name: 'grande.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(10 * 1024 * 1024 + 1024) }),
    ]);
    assert.equal(tooLarge.status(), 413);
    await b.locator('main [aria-invalid="true"][name="file"]').waitFor(WAIT);
    await b.locator('main').getByText('El archivo es demasiado grande.').waitFor(WAIT);
    const send = async (name: string, mimeType: string, buffer: Buffer, caption: string) => {
      await file.setInputFiles({ name, mimeType, buffer });
      await b.getByTestId('attached').filter({ hasText: name }).waitFor(WAIT);
      await field(b, 'text').fill(caption);
      await b.getByRole('button', { name: 'Enviar', exact: true }).click();
      await b.locator('main article[data-mine="true"]').filter({ hasText: caption }).waitFor(WAIT);
    };
    const on = (page: Page, caption: string) => page.locator('main article').filter({ hasText: caption });

    // A photo: the thumbnail on the client's open page, the full picture on click.
    const photo = `La playa ${stamp}`;
    await send('playa.jpg', 'image/jpeg', await samplePhoto(), photo);
    await on(c, photo).locator('[data-testid="media"][data-status="ready"][data-kind="image"]').waitFor(WAIT);
    assert.equal(await loadedWidth(c, on(c, photo).getByTestId('media-thumbnail')), 320);
    // The full picture is held back until the page has shown what it shows meanwhile: the thumbnail,
    // under its own name (before, the thumbnail's file was shown under the full picture's name).
    const fullPicture = '**/api/chat/media/*/variants/image';
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await c.route(fullPicture, async (route) => {
      await held;
      await route.continue();
    });
    await Promise.all([
      c.waitForRequest((r) => /\/variants\/image$/.test(new URL(r.url()).pathname), WAIT),
      on(c, photo).getByTestId('media-thumbnail').click(),
    ]);
    assert.equal(await on(c, photo).getByTestId('media-image').count(), 0, 'no full picture before its file');
    assert.equal(await loadedWidth(c, on(c, photo).getByTestId('media-thumbnail')), 320);
    release();
    assert.equal(await loadedWidth(c, on(c, photo).getByTestId('media-image')), 1200);
    await c.unroute(fullPicture);

    // A sound the browser plays (Opus), and a video: its poster, then the H.264 MP4 on "play".
    const sound = `Nota de voz ${stamp}`;
    await send('nota.wav', 'audio/wav', sampleClip('audio'), sound);
    await playable(c, on(c, sound).getByTestId('media-audio'));
    const clip = `Un video ${stamp}`;
    await send('clip.mkv', 'video/x-matroska', sampleClip('video'), clip);
    assert.equal(await loadedWidth(c, on(c, clip).getByTestId('media-poster')), 320);
    await on(c, clip).getByRole('button', { name: 'Reproducir video' }).click();
    await playable(c, on(c, clip).getByTestId('media-video'));

    // A corrupt file: "processing" while its attempts fail, then parked with ffmpeg's reason.
    const broken = `Archivo roto ${stamp}`;
    const corrupt = Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI LIST', 'latin1'), randomBytes(3000)]);
    await send('roto.avi', 'video/x-msvideo', corrupt, broken);
    await on(b, broken).locator('[data-testid="media"][data-status="processing"]').waitFor(WAIT);
    await on(b, broken).locator('[data-testid="media"][data-status="failed"]').waitFor(WAIT);
    await on(b, broken)
      .getByTestId('media-reason')
      .filter({ hasText: /ffmpeg/ })
      .waitFor(WAIT);

    // Advertising is in the advertiser's menu, not the buyer's.
    await b.getByTestId('user-menu').click();
    await b.getByRole('menuitem', { name: 'Chat' }).waitFor(WAIT);
    assert.equal(
      await b.getByRole('menuitem', { name: 'Publicidad' }).count(),
      0,
      "the buyer's menu has no Advertising",
    );
    await b.keyboard.press('Escape');
    await a.getByTestId('user-menu').click();
    await a.getByRole('menuitem', { name: 'Publicidad' }).click();
    await a.waitForURL(`${base}/chat/ads`, WAIT);

    const adTitle = `Torneo ${stamp}`;
    const targetUrl = `https://example.com/torneo-${stamp}`;
    await field(a, 'title').fill(adTitle);
    await field(a, 'text').fill('Inscríbete al torneo de Zelda del sábado.');
    await field(a, 'targetUrl').fill(targetUrl);
    await field(a, 'locales').fill('es');
    await a.getByRole('checkbox', { name: 'Página de canales' }).check();
    await field(a, 'budget').fill('20');
    await field(a, 'pricing').selectOption('click');
    await field(a, 'price').fill('0.50');
    await field(a, 'frequencyCap').fill('1');
    await a.getByRole('button', { name: 'Crear campaña' }).click();
    const row = a.locator('main tr[data-campaign]').filter({ hasText: adTitle });
    await row.waitFor(WAIT);

    // The buyer (es-PE) sees it on the channels page and follows it: click recorded, new tab opened.
    await buyer.context.route(targetUrl, (r) => r.fulfill({ contentType: 'text/html', body: '<title>Torneo</title>' }));
    await b.goto(`${base}/chat/channels`);
    const ad = b.getByTestId('ad').filter({ hasText: adTitle });
    await ad.waitFor(WAIT);
    const isClick = (url: string) => /^\/api\/chat\/ads\/[0-9a-f-]{36}\/click$/.test(new URL(url).pathname);
    const [popup, clicked] = await Promise.all([
      b.waitForEvent('popup', WAIT),
      b.waitForResponse((r) => isClick(r.url()), WAIT),
      ad.getByRole('link', { name: adTitle }).click(),
    ]);
    assert.equal(clicked.status(), 200);
    assert.equal((await clicked.json()).recorded, true);
    await popup.waitForURL(targetUrl, WAIT);
    await popup.close();
    // A cap of 1 a day: the next visit asks and gets no ad (204), and the slot shows nothing.
    const [next] = await Promise.all([
      b.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat/ads/next', WAIT),
      b.reload(),
    ]);
    assert.equal(next.status(), 204);
    await b.getByTestId('channels').waitFor(WAIT);
    assert.equal(await b.getByTestId('ad').count(), 0);

    // The advertiser's table follows analytics: 1 impression, 1 click, 100 % CTR, S/ 0.50 spent.
    await row.getByTestId('impressions').filter({ hasText: /^1$/ }).waitFor(WAIT);
    await row.getByTestId('clicks').filter({ hasText: /^1$/ }).waitFor(WAIT);
    await row
      .getByTestId('ctr')
      .filter({ hasText: /^100[.,]00\s?%$/ })
      .waitFor(WAIT);
    await row
      .getByTestId('spend')
      .filter({ hasText: /0[.,]50/ })
      .waitFor(WAIT);
    assert.deepEqual(
      [...buyer.failures, ...client.failures, ...advertiser.failures],
      [],
      'no script errors and nothing blocked by the CSP',
    );

    await auditSignedInPages(browser, await advertiser.context.storageState(), [[`${base}/chat/ads`, 'impressions']]);
    await auditSignedInPages(browser, await client.context.storageState(), [[conversationUrl, 'media-thumbnail']]);
  } finally {
    await buyer.context.close();
    await client.context.close();
    await advertiser.context.close();
  }
}
