import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoProducts } from '@coordina/gamevault-catalog/demo';
import { DemoUsers } from '@coordina/identity/demo';
import { DemoEvents } from '@coordina/musicfest-festivals/demo';
import { DEFAULT_DEMO_PASSWORD } from '@coordina/platform/runtime';
import { sampleClip, samplePhoto } from '@coordina/platform/testing';
import type { Browser, Page } from 'playwright-core';
import { contextOptions, launchBrowser } from './browser';
import { type ManagedProcess, startCoordina, waitForHealth } from './child.process';

const ROOT = resolve(__dirname, '../../../..');
const SALON = '10000000-0000-4000-8000-000000000001';
const EVENT = DemoEvents.limaRockFest.id;
/** GameVault's first demo game (Tears of the Kingdom) and its retro Zelda. */
const GAME = demoProducts[0]?.id ?? '';
const OTHER_GAME = demoProducts[1]?.id ?? '';
const LONG = { timeout: 90_000 };

/** Who a page is shown to: nobody signed in, or a demo user. */
type Viewer = 'visitor' | 'client' | 'buyer' | 'salonAdmin' | 'manager' | 'admin' | 'advertiser';
const VIEWERS: readonly Viewer[] = ['visitor', 'client', 'buyer', 'salonAdmin', 'manager', 'admin', 'advertiser'];

/** What the screenshots show that the demo data does not have: made through the API first. */
interface Made {
  bookingId: string;
  orderId: string;
  conversationId: string;
  mediaConversationId: string;
}

/** One screenshot of the product: `<name>-desktop.png` and `<name>-phone.png`. */
export interface Shot {
  name: string;
  path: string | ((made: Made) => string);
  as?: Viewer;
  /** Resolves once the page shows what it is taken for (its lists answered, its charts drawn). */
  ready: (page: Page) => Promise<unknown>;
}

const heading = (name: string) => (page: Page) => page.getByRole('heading', { name, level: 1 }).waitFor(LONG);
const main = (page: Page) => page.locator('main h1, main h2').first().waitFor(LONG);
const canvas = (testId: string) => (page: Page) => page.getByTestId(testId).locator('canvas').waitFor(LONG);

/** The main pages, in the order the README shows them. Add a page here to have it taken. */
export const SHOTS: Shot[] = [
  { name: 'home', path: '/', ready: (p) => p.locator('main a').first().waitFor(LONG) },
  { name: 'salon-search', path: '/instudio/salons', ready: (p) => p.locator('main article a').first().waitFor(LONG) },
  {
    name: 'salon-page',
    path: `/instudio/salons/${SALON}`,
    ready: (p) => p.getByRole('heading', { name: 'Promociones' }).waitFor(LONG),
  },
  {
    name: 'book',
    path: `/instudio/salons/${SALON}/book`,
    as: 'client',
    ready: (p) => p.locator('main [name="date"]').waitFor(LONG),
  },
  {
    name: 'booking',
    path: (m) => `/instudio/bookings/${m.bookingId}`,
    as: 'client',
    ready: (p) => p.locator('[data-testid="booking-status"][data-status="CONFIRMED"]').waitFor(LONG),
  },
  {
    name: 'festival-catalog',
    path: '/musicfest/events',
    ready: (p) => p.locator('main article a').first().waitFor(LONG),
  },
  {
    name: 'event-page',
    path: `/musicfest/events/${EVENT}`,
    ready: (p) => p.locator('main table').first().waitFor(LONG),
  },
  {
    name: 'my-tickets',
    path: '/musicfest/tickets',
    as: 'buyer',
    ready: (p) => p.getByTestId('my-purchase').first().locator('svg, canvas').first().waitFor(LONG),
  },
  {
    name: 'gamevault-catalog',
    path: '/gamevault',
    ready: (p) => p.locator('main article a').first().waitFor(LONG),
  },
  {
    name: 'gamevault-product',
    path: `/gamevault/products/${GAME}`,
    ready: (p) => p.getByTestId('price').waitFor(LONG),
  },
  { name: 'gamevault-cart', path: '/gamevault/cart', as: 'buyer', ready: (p) => p.getByTestId('totals').waitFor(LONG) },
  {
    name: 'gamevault-checkout',
    path: '/gamevault/checkout',
    as: 'buyer',
    ready: (p) => p.getByTestId('totals').waitFor(LONG),
  },
  {
    name: 'gamevault-order',
    path: (m) => `/gamevault/orders/${m.orderId}`,
    as: 'buyer',
    ready: (p) => p.locator('[data-testid="order-status"][data-status="PAID"]').waitFor(LONG),
  },
  {
    name: 'gamevault-orders',
    path: '/gamevault/orders',
    as: 'buyer',
    ready: (p) => p.getByTestId('order-status').first().waitFor(LONG),
  },
  {
    name: 'gamevault-seller',
    path: `/gamevault/sellers/${DemoUsers.seller.id}`,
    ready: (p) => p.locator('main article a').first().waitFor(LONG),
  },
  { name: 'salon-admin-calendar', path: `/instudio/admin/salons/${SALON}/calendar`, as: 'salonAdmin', ready: main },
  { name: 'salon-admin-services', path: `/instudio/admin/salons/${SALON}/services`, as: 'salonAdmin', ready: main },
  { name: 'manager-events', path: '/musicfest/manage', as: 'manager', ready: main },
  { name: 'manager-dashboard', path: `/musicfest/manage/${EVENT}`, as: 'manager', ready: main },
  {
    name: 'chat-conversations',
    path: '/chat',
    as: 'buyer',
    ready: (p) => p.getByTestId('unread').first().waitFor(LONG),
  },
  {
    name: 'chat-conversation',
    path: (m) => `/chat/${m.conversationId}`,
    as: 'client',
    ready: (p) => p.locator('[data-testid="payment-status"][data-status="paid"]').waitFor(LONG),
  },
  {
    name: 'chat-search',
    path: '/chat/search?q=zelda',
    as: 'client',
    ready: (p) => p.getByTestId('result-text').first().waitFor(LONG),
  },
  {
    name: 'chat-media',
    path: (m) => `/chat/${m.mediaConversationId}`,
    as: 'client',
    ready: (p) =>
      Promise.all([
        p.getByTestId('media-thumbnail').waitFor(LONG),
        p.getByTestId('media-audio').waitFor(LONG),
        p.getByTestId('media-poster').waitFor(LONG),
      ]),
  },
  {
    name: 'chat-advertising',
    path: '/chat/ads',
    as: 'advertiser',
    ready: (p) =>
      p
        .getByTestId('clicks')
        .filter({ hasText: /^[1-9]/ })
        .first()
        .waitFor(LONG),
  },
  { name: 'ops-parked-events', path: '/ops', as: 'admin', ready: heading('Eventos aparcados') },
  { name: 'ops-sagas', path: '/ops/sagas', as: 'admin', ready: (p) => p.locator('main table a').first().waitFor(LONG) },
  { name: 'ops-dead-letters', path: '/ops/dead-letters', as: 'admin', ready: heading('Cartas muertas') },
  { name: 'ops-alerts', path: '/ops/alerts', as: 'admin', ready: heading('Alertas') },
  { name: 'ops-traffic', path: '/ops/traffic', as: 'admin', ready: canvas('rate-chart') },
  { name: 'analytics-instudio', path: '/analytics/instudio', as: 'admin', ready: canvas('chart-bookings') },
  { name: 'analytics-musicfest', path: '/analytics/musicfest', as: 'admin', ready: canvas('chart-sales') },
];

const SCREENS = ['desktop', 'phone'] as const;

/**
 * `coordina screenshots [--out DIR] [--only NAME,...]`: starts the product as `npm start` does
 * (the embedded default, in a temporary data directory), books a time and buys tickets as the
 * demo users, signs them in, and saves each page of SHOTS at a desktop and a phone width as
 * PNGs in docs/screenshots/ (Debian's Chromium through playwright-core, as the browser tests).
 */
export async function screenshotsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, only: { type: 'string' } } });
  const out = resolve(values.out ?? join(ROOT, 'docs/screenshots'));
  const only = values.only?.split(',');
  const shots = SHOTS.filter((s) => !only || only.includes(s.name));
  if (shots.length === 0) throw new Error(`--only: no such page (${SHOTS.map((s) => s.name).join(', ')})`);
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'coordina-screenshots-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ALERT_SAMPLE_SECONDS: '3' };
  for (const name of ['DATABASE_URL', 'COORDINA_DEMO_PASSWORD', 'SMTP_URL', 'COORDINA_MAIL_DIR']) delete env[name];
  let proc: ManagedProcess | undefined;
  let browser: Browser | undefined;
  try {
    console.log('coordina screenshots: starting the product (coordina start)...');
    const started = await startCoordina({
      name: 'screenshots',
      dataDir: join(dir, 'data'),
      env,
      logFile: join(dir, 'out.log'),
    });
    proc = started.proc;
    const base = started.url;
    await waitForHealth(base, 180_000, 'coordina start', proc);
    const api = new DemoApi(base, join(dir, 'data', 'mail'));
    const tokens = {
      client: await api.signIn(DemoUsers.client.email),
      buyer: await api.signIn(DemoUsers.buyer.email, 'musicfest'),
      salonAdmin: await api.signIn(DemoUsers.salonAdmin.email),
      manager: await api.signIn(DemoUsers.manager.email, 'musicfest'),
      admin: await api.signIn(DemoUsers.platformAdmin.email),
      advertiser: await api.signIn(DemoUsers.advertiser.email),
    };
    console.log('coordina screenshots: booking a time, buying tickets and games as the demo users...');
    const made = {
      bookingId: await api.book(tokens.client.accessToken),
      orderId: await api.order(tokens.buyer.accessToken),
      conversationId: await api.chat(tokens.buyer.accessToken, tokens.client.accessToken),
      mediaConversationId: await api.media(tokens.buyer.accessToken),
    };
    await api.followAd(tokens.buyer.accessToken);
    await api.buy(tokens.buyer.accessToken);
    browser = await launchBrowser();
    for (const screen of SCREENS) {
      for (const viewer of VIEWERS) {
        const mine = shots.filter((s) => (s.as ?? 'visitor') === viewer);
        if (mine.length === 0) continue;
        const signedIn = viewer === 'visitor' ? undefined : tokens[viewer];
        const context = await browser.newContext({
          ...contextOptions(screen),
          // Signed in as the pages do it: the session in this browser's storage (api/session.ts).
          storageState: {
            cookies: [],
            origins: signedIn
              ? [{ origin: base, localStorage: [{ name: 'coordina.session', value: JSON.stringify(signedIn) }] }]
              : [],
          },
        });
        try {
          const page = await context.newPage();
          for (const shot of mine) {
            const path = typeof shot.path === 'string' ? shot.path : shot.path(made);
            await page.goto(`${base}${path}`);
            await shot.ready(page);
            await page.getByText('Cargando…').first().waitFor({ state: 'detached', timeout: 60_000 });
            const file = join(out, `${shot.name}-${screen}.png`);
            await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
            console.log(`coordina screenshots: ${relative(process.cwd(), file)}`);
          }
        } finally {
          await context.close();
        }
      }
    }
    return 0;
  } finally {
    await browser?.close();
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The product's API as the demo users use it: sign-in (with the emailed code from the mailbox), a booking, a purchase. */
class DemoApi {
  constructor(
    private readonly base: string,
    private readonly mailDir: string,
  ) {}

  async call(path: string, init: { token?: string; json?: unknown; key?: boolean; method?: string } = {}) {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    if (init.key) headers['idempotency-key'] = randomUUID();
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  }

  async signIn(email: string, policy?: string): Promise<{ accessToken: string; refreshToken: string }> {
    const before = this.mails(email).length;
    const login = await this.call('/api/identity/login', { json: { email, password: DEFAULT_DEMO_PASSWORD, policy } });
    if (!login.twoFactorRequired) return login;
    const code = await this.until(`the code emailed to ${email}`, () => {
      const mail = this.mails(email)[before];
      return mail ? /\b(\d{6})\b/.exec(mail)?.[1] : undefined;
    });
    return this.call('/api/identity/login/2fa', { json: { challengeId: login.challengeId, code } });
  }

  /** A confirmed booking of the demo salon's first service, a week ahead. */
  async book(token: string): Promise<string> {
    const salon = await this.call(`/api/instudio/salons/${SALON}`);
    const serviceId: string = salon.services[0].id;
    const date = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const av = await this.call(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    const slot = av.slots[0];
    if (!slot) throw new Error(`the demo salon has no free time on ${date}`);
    const booked = await this.call('/api/instudio/bookings', {
      token,
      key: true,
      json: { salonId: SALON, serviceId, stylistId: slot.stylistId, start: slot.start, paymentMethod: 'pm_card_visa' },
    });
    await this.until('the booking to be confirmed', async () => {
      const b = await this.call(`/api/instudio/bookings/${booked.id}`, { token });
      return b.status === 'CONFIRMED' ? true : undefined;
    });
    return booked.id;
  }

  /**
   * A paid GameVault order (two of the first demo game, by the sandbox card), and the retro
   * Zelda left in the cart for the cart's and checkout's pages.
   */
  async order(token: string): Promise<string> {
    const put = (productId: string, quantity: number) =>
      this.call(`/api/gamevault/cart/items/${productId}`, { token, method: 'PUT', json: { quantity } });
    await put(GAME, 2);
    const placed = await this.call('/api/gamevault/orders', {
      token,
      key: true,
      json: { paymentMethod: { provider: 'card', token: 'pm_card_visa' } },
    });
    await this.until('the order to be paid (or fulfilled since)', async () => {
      const o = await this.call(`/api/gamevault/orders/${placed.id}`, { token });
      return ['PAID', 'FULFILLED', 'SHIPPED', 'DELIVERED'].includes(o.status) ? true : undefined;
    });
    await put(OTHER_GAME, 1);
    return placed.id;
  }

  /**
   * A conversation between the demo buyer and client: a message each, money the buyer sent
   * (paid), and one the client has not read yet, for the list's unread count.
   */
  async chat(buyer: string, client: string): Promise<string> {
    const { id } = await this.call('/api/chat/conversations', {
      token: buyer,
      json: { memberIds: [DemoUsers.client.id] },
    });
    const say = (token: string, clientId: string, text: string) =>
      this.call(`/api/chat/conversations/${id}/messages`, { token, json: { clientId, text } });
    await say(buyer, 'shot-1', '¿Sigue disponible el Zelda de colección?');
    await say(client, 'shot-2', 'Sí, te lo separo hasta mañana.');
    const paid = await this.call(`/api/chat/conversations/${id}/payments`, {
      token: buyer,
      key: true,
      json: { clientId: 'shot-3', toUserId: DemoUsers.client.id, amountCents: 3_500, paymentMethod: 'pm_card_visa' },
    });
    await this.until('the payment to be paid', async () => {
      const page = await this.call(`/api/chat/conversations/${id}/messages?after=${paid.seq - 1}`, { token: buyer });
      return page.items[0]?.payment?.status === 'paid' ? true : undefined;
    });
    await say(client, 'shot-4', 'Recibido, gracias.');
    return id;
  }

  /**
   * A group of the demo buyer, client and advertiser where the buyer sent a photo, a voice note
   * and a video, each processed (the page shows the thumbnail, the player and the poster).
   */
  async media(buyer: string): Promise<string> {
    const { id } = await this.call('/api/chat/conversations', {
      token: buyer,
      json: { memberIds: [DemoUsers.client.id, DemoUsers.advertiser.id], title: 'Torneo de Zelda' },
    });
    const files: [string, Buffer, string, string][] = [
      ['playa.jpg', await samplePhoto(), 'image/jpeg', 'La sala del torneo'],
      ['nota.wav', sampleClip('audio'), 'audio/wav', 'Nota de voz con las reglas'],
      ['clip.mkv', sampleClip('video'), 'video/x-matroska', 'La final del año pasado'],
    ];
    for (const [name, bytes, type, text] of files) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
      const res = await fetch(`${this.base}/api/chat/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${buyer}` },
        body: form,
      });
      if (res.status !== 202) throw new Error(`/api/chat/media: ${res.status} ${await res.text()}`);
      const media = (await res.json()) as { id: string };
      await this.call(`/api/chat/conversations/${id}/messages`, {
        token: buyer,
        json: { clientId: `shot-media-${name}`, text, mediaId: media.id },
      });
      await this.until(`${name} to be processed`, async () => {
        const m = await this.call(`/api/chat/media/${media.id}`, { token: buyer });
        return m.status === 'ready' ? true : undefined;
      });
    }
    return id;
  }

  /** The demo campaign shown to the buyer in the chat list and clicked, for the advertiser's numbers. */
  async followAd(buyer: string): Promise<void> {
    const ad = await this.call('/api/chat/ads/next?placement=chat-list&requestId=shot-ad', { token: buyer });
    await this.call(`/api/chat/ads/${ad.id}/click`, { token: buyer, json: { token: ad.token } });
  }

  /** Two general tickets of the demo festival, bought and issued. */
  async buy(token: string): Promise<void> {
    const bought = await this.call('/api/musicfest/purchases', {
      token,
      key: true,
      json: {
        eventId: EVENT,
        items: [{ ticketTypeId: DemoEvents.limaRockFest.ticketTypes.general, quantity: 2 }],
        paymentMethod: 'pm_card_visa',
      },
    });
    await this.until('the purchase to complete', async () => {
      const p = await this.call(`/api/musicfest/purchases/${bought.id}`, { token });
      return p.status === 'COMPLETED' ? true : undefined;
    });
  }

  /** The emails to `email` in the mailbox, oldest first (the embedded default's .eml files). */
  mails(email: string): string[] {
    let files: string[] = [];
    try {
      files = readdirSync(this.mailDir).sort();
    } catch {
      return [];
    }
    const suffix = `-${email.replace(/[^\w.@-]/g, '_')}.eml`;
    return files.filter((f) => f.endsWith(suffix)).map((f) => mailText(readFileSync(join(this.mailDir, f), 'utf8')));
  }

  async until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`coordina screenshots: waited ${timeoutMs} ms for ${what}`);
  }
}

/**
 * An email's subject and text (its MIME parts decoded from base64 or quoted-printable), without
 * its other headers: their dates and ids have digits of their own.
 */
export function mailText(eml: string): string {
  const subject = /^subject:(.*)$/im.exec(eml.slice(0, eml.search(/\r?\n\r?\n/)))?.[1] ?? '';
  const parts = eml.split(/^--.*$/m).map((part) => {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) return '';
    const head = part.slice(0, split);
    const body = part.slice(split).trim();
    if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body, 'base64').toString('utf8');
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
      // Each =XX is one byte of the UTF-8 text.
      return Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    return /^content-type:\s*text\//im.test(head) ? body : '';
  });
  return `${subject}\n${parts.join('\n')}`;
}
