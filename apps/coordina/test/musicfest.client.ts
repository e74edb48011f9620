import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually } from '@coordina/platform/testing';
import type { Product } from './harness';
import type { Mailbox } from './mailbox';

const FINAL = new Set(['COMPLETED', 'CANCELLED', 'EXPIRED']);
const DAY = 86_400_000;

export interface PurchaseView {
  id: string;
  status: string;
  position?: number;
  paymentId?: string;
  total: number;
  tickets: { code: string; ticketTypeId: string; status?: string }[];
}

/**
 * A MusicFest event with one ticket type on sale: created by `managerToken` (its hosting fee
 * paid with a card that succeeds), published, and sellable by ticketing.
 */
export async function onSaleEvent(
  p: Product,
  managerToken: string,
  seats: number,
  name = `Rush ${randomUUID().slice(0, 8)}`,
) {
  const now = Date.now();
  const created = await p.fetch('/api/musicfest/events', {
    token: managerToken,
    headers: { 'idempotency-key': randomUUID() },
    json: {
      name,
      startsAt: new Date(now + 30 * DAY).toISOString(),
      durationMinutes: 240,
      place: 'Estadio Nacional, Lima',
      description: 'An end-to-end test festival',
      organizer: 'Coordina Live',
      size: 'small',
      purchaseDeadline: new Date(now + 29 * DAY).toISOString(),
      ticketTypes: [
        {
          name: 'General',
          price: 12_000,
          discountPercent: 10,
          quantity: seats,
          salesStartAt: new Date(now - 60_000).toISOString(),
          salesEndAt: new Date(now + 29 * DAY).toISOString(),
        },
      ],
      paymentMethod: 'pm_card_visa',
    },
  });
  assert.equal(created.status, 202, created.text);
  const event = await eventually(async () => {
    const r = await p.fetch(`/api/musicfest/events/${created.body.id}`);
    return r.status === 200 && r.body.status === 'PUBLISHED' ? r.body : undefined;
  }, 20_000);
  const ticketTypeId: string = event.ticketTypes[0].id;
  // Ticketing builds its inventory from evento.publicado: wait until it can sell.
  const probe = await p.mint(randomUUID());
  await eventually(async () => {
    const r = await p.fetch('/api/musicfest/purchases/summary', {
      token: probe,
      json: { eventId: event.id, items: [{ ticketTypeId, quantity: 1 }] },
    });
    return r.status === 200;
  }, 20_000);
  return { eventId: event.id as string, ticketTypeId, event };
}

/** What MusicFest's end-to-end scenarios do through the gateway: sign in, run events, buy. */
export class MusicFestClient {
  constructor(
    readonly p: Product,
    readonly mail: Mailbox,
  ) {}

  /** Signs in; when the system asks for the emailed 2FA code, reads it from the mailbox. */
  async signIn(
    email: string,
    password: string,
    extra: Record<string, unknown> = {},
    headers = {},
  ): Promise<{ accessToken: string; refreshToken: string; deviceToken?: string }> {
    const before = this.mail.to(email).length;
    const login = await this.p.fetch('/api/identity/login', { json: { email, password, ...extra }, headers });
    assert.equal(login.status, 200, login.text);
    if (!login.body.twoFactorRequired) return login.body;
    const code = await this.mail.extract(email, /\b(\d{6})\b/, 20_000, this.codeIndex(email, before));
    const done = await this.p.fetch('/api/identity/login/2fa', {
      json: { challengeId: login.body.challengeId, code, rememberDevice: extra.rememberDevice === true },
    });
    assert.equal(done.status, 200, done.text);
    return done.body;
  }

  /** How many code emails the address got among its first `mailCount` emails. */
  codeIndex(email: string, mailCount: number): number {
    return this.mail
      .to(email)
      .slice(0, mailCount)
      .filter((m) => /\b\d{6}\b/.test(`${m.subject}\n${m.text}`)).length;
  }

  async manager(): Promise<string> {
    return (await this.signIn('manager@demo.coordina', this.p.demoPassword)).accessToken;
  }

  async admin(): Promise<string> {
    return (await this.signIn('admin@demo.coordina', this.p.demoPassword)).accessToken;
  }

  /** Creates an event with one ticket type, pays its hosting fee and waits until it is on sale. */
  /** A MusicFest event on sale (see `onSaleEvent`). */
  onSaleEvent(managerToken: string, seats: number, name?: string) {
    return onSaleEvent(this.p, managerToken, seats, name);
  }

  summary(token: string, eventId: string, ticketTypeId: string, quantity: number) {
    return this.p.fetch('/api/musicfest/purchases/summary', {
      token,
      json: { eventId, items: [{ ticketTypeId, quantity }] },
    });
  }

  buy(token: string, eventId: string, ticketTypeId: string, quantity = 1, paymentMethod = 'pm_card_visa') {
    return this.p.fetch('/api/musicfest/purchases', {
      token,
      headers: { 'idempotency-key': randomUUID() },
      json: { eventId, items: [{ ticketTypeId, quantity }], paymentMethod },
    });
  }

  async purchase(token: string, id: string): Promise<PurchaseView> {
    const r = await this.p.fetch(`/api/musicfest/purchases/${id}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.body as PurchaseView;
  }

  /**
   * Opens a Server-Sent Events stream and reads it until the text matches (or the time is up),
   * as a browser's EventSource would.
   */
  async sse(path: string, token: string, until: RegExp, timeoutMs = 10_000) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let text = '';
    try {
      const res = await fetch(`${this.p.url}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: abort.signal,
      });
      const decoder = new TextDecoder();
      if (res.body)
        for await (const chunk of res.body) {
          text += decoder.decode(chunk as Uint8Array, { stream: true });
          if (until.test(text)) break;
        }
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
    } catch (err) {
      if (abort.signal.aborted) return { status: 0, contentType: '', text };
      throw err;
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }

  /** Waits until the purchase reaches one of the statuses (a final one by default). */
  until(token: string, id: string, statuses: Set<string> = FINAL, timeoutMs = 60_000): Promise<PurchaseView> {
    return eventually(async () => {
      const v = await this.purchase(token, id);
      return statuses.has(v.status) ? v : undefined;
    }, timeoutMs);
  }
}
