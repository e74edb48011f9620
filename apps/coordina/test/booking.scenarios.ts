import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import type { Product } from './harness';

export const SALON = '10000000-0000-4000-8000-000000000001';

/** Helpers shared by the end-to-end scenarios of both topologies. */
export class Shopper {
  constructor(private readonly p: Product) {}

  async signUp(email = `${randomUUID()}@e2e.test`): Promise<string> {
    const reg = await this.p.fetch('/api/identity/register', {
      json: { email, password: 'correct horse 1', name: 'Ana' },
    });
    assert.equal(reg.status, 201, reg.text);
    const login = await this.p.fetch('/api/identity/login', { json: { email, password: 'correct horse 1' } });
    assert.equal(login.status, 200, login.text);
    return login.body.accessToken as string;
  }

  async freeSlots(daysAhead: number) {
    const salon = await this.p.fetch(`/api/instudio/salons/${SALON}`);
    assert.equal(salon.status, 200, salon.text);
    const serviceId: string = salon.body.services[0].id;
    const date = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
    const av = await this.p.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    assert.equal(av.status, 200, av.text);
    assert.ok(av.body.slots.length > 0, 'the seeded salon has free slots');
    return { serviceId, date, slots: av.body.slots as { stylistId: string; start: string; end: string }[] };
  }

  /** Up to n slots that do not overlap for any stylist. */
  disjoint<T extends { stylistId: string; start: string; end: string }>(slots: T[], n: number): T[] {
    const out: T[] = [];
    for (const x of slots) {
      const clash = out.some((y) => y.stylistId === x.stylistId && x.start < y.end && y.start < x.end);
      if (!clash) out.push(x);
      if (out.length === n) break;
    }
    return out;
  }

  async book(
    token: string,
    slot: { stylistId: string; start: string },
    serviceId: string,
    paymentMethod: string,
    idempotencyKey: string = randomUUID(),
  ) {
    return this.p.fetch('/api/instudio/bookings', {
      token,
      headers: { 'idempotency-key': idempotencyKey },
      json: { salonId: SALON, serviceId, stylistId: slot.stylistId, start: slot.start, paymentMethod },
    });
  }

  settled(token: string, id: string, timeoutMs = 30_000) {
    return eventually(async () => {
      const r = await this.p.fetch(`/api/instudio/bookings/${id}`, { token });
      return r.body?.status === 'CONFIRMED' || r.body?.status === 'CANCELLED' ? r.body : undefined;
    }, timeoutMs);
  }
}

/** The booking flow through the gateway, run unchanged on each topology. */
export function bookingScenarios(name: string, start: () => Promise<Product>): void {
  describe(`InStudio booking end to end (${name})`, () => {
    let p: Product;
    let s: Shopper;

    before(async () => {
      p = await start();
      s = new Shopper(p);
    });
    after(() => p?.close());

    it('registers, logs in, books, pays, gets CONFIRMED and sees a notification', async () => {
      const token = await s.signUp();
      const { serviceId, slots } = await s.freeSlots(2);
      const slot = slots[0];
      assert.ok(slot);
      const res = await s.book(token, slot, serviceId, 'pm_card_visa');
      assert.equal(res.status, 202, res.text);
      assert.equal((await s.settled(token, res.body.id)).status, 'CONFIRMED');
      const feed = await eventually(async () => {
        const r = await p.fetch('/api/notifications/me', { token });
        return r.body.items?.some((n: { kind: string }) => /confirm/i.test(n.kind)) ? r.body.items : undefined;
      });
      assert.ok(feed.length >= 1);
    });

    it('ends a declined card CANCELLED with a reason and frees the slot', async () => {
      const token = await s.signUp();
      const { serviceId, slots, date } = await s.freeSlots(3);
      const slot = slots[0];
      assert.ok(slot);
      const res = await s.book(token, slot, serviceId, 'pm_card_chargeDeclined');
      assert.equal(res.status, 202, res.text);
      const booking = await s.settled(token, res.body.id);
      assert.equal(booking.status, 'CANCELLED');
      assert.match(booking.statusReason, /declin/i);
      const av = await p.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
      assert.ok(
        av.body.slots.some(
          (x: { stylistId: string; start: string }) => x.stylistId === slot.stylistId && x.start === slot.start,
        ),
      );
    });

    it('refunds a cancellation inside the window', async () => {
      const token = await s.signUp();
      const { serviceId, slots } = await s.freeSlots(4);
      const slot = slots[0];
      assert.ok(slot);
      const res = await s.book(token, slot, serviceId, 'pm_card_visa');
      assert.equal((await s.settled(token, res.body.id)).status, 'CONFIRMED');
      const cancel = await p.fetch(`/api/instudio/bookings/${res.body.id}/cancel`, { token, method: 'POST' });
      assert.ok(cancel.status === 200 || cancel.status === 202, cancel.text);
      const refunded = await eventually(async () => {
        const r = await p.fetch(`/api/instudio/bookings/${res.body.id}`, { token });
        return JSON.stringify(r.body).includes('REFUNDED') ? r.body : undefined;
      }, 20_000);
      assert.equal(refunded.status, 'CANCELLED');
    });

    it('confirms exactly one of 50 parallel bookings of one slot', async () => {
      const tokens = await Promise.all(Array.from({ length: 5 }, () => s.signUp()));
      const { serviceId, slots } = await s.freeSlots(5);
      const slot = slots[0];
      assert.ok(slot);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => s.book(tokens[i % 5] ?? '', slot, serviceId, 'pm_card_visa')),
      );
      const accepted = results.filter((r) => r.status === 202);
      assert.equal(accepted.length, 1, `statuses: ${results.map((r) => r.status).join(',')}`);
      assert.ok(
        results.every((r) => r.status === 202 || r.status === 409),
        results.map((r) => r.status).join(','),
      );
      const winner = accepted[0];
      assert.ok(winner);
      const owner = tokens[results.indexOf(winner) % 5] ?? '';
      assert.equal((await s.settled(owner, winner.body.id)).status, 'CONFIRMED');
    });

    it('shows every saga finished to a platform admin through the ops API', async () => {
      const login = await p.fetch('/api/identity/login', {
        json: { email: 'admin@demo.coordina', password: p.demoPassword },
      });
      assert.equal(login.status, 200, login.text);
      const sagas = await eventually(async () => {
        const r = await p.fetch('/api/ops/sagas', { token: login.body.accessToken });
        return r.status === 200 &&
          r.body.items.length >= 4 &&
          r.body.items.every((x: { status: string }) => x.status === 'COMPLETED' || x.status === 'COMPENSATED')
          ? r.body.items
          : undefined;
      });
      assert.ok(sagas.length >= 4);
      const client = await s.signUp();
      assert.equal((await p.fetch('/api/ops/sagas', { token: client })).status, 403);
    });

    // Last: it uses up this minute's login budget of the test machine's address.
    it('holds the per-route rate limit across every gateway instance (429 with Retry-After)', async () => {
      // Limits count per address, and the tests before this one log in from the same address.
      // Distributed, they count fixed one-minute windows: start at the next window, where only
      // this test counts. Embedded, a token bucket refills at 100 a minute: it is full again
      // only a minute after the last login, so the wait is never shorter than a minute (a
      // window 3 s away once left the bucket short and the 429 came before the 101st).
      await new Promise((r) => setTimeout(r, 120_000 - (Date.now() % 60_000) + 50));
      const window = Math.floor(Date.now() / 60_000);
      const started = Date.now();
      let firstLimited = 0;
      let retryAfter: string | null = null;
      // Bodies without a password: the limit counts a request before its body is validated, and a
      // 400 costs no password hash, so 150 of them fit in a minute on a loaded machine (real
      // logins did not: each hashes, and the window ended before the 101st).
      for (let i = 1; i <= 150 && !firstLimited; i++) {
        const r = await p.fetch('/api/identity/login', { json: { email: 'nobody@e2e.test' } });
        if (r.status === 429) {
          firstLimited = i;
          retryAfter = r.headers.get('retry-after');
        } else assert.equal(r.status, 400, r.text);
      }
      assert.equal(Math.floor(Date.now() / 60_000), window, 'all in one window (150 logins took over a minute)');
      // 100 logins a minute per address: the 101st is refused (the embedded limiter's token
      // bucket refills meanwhile). Two gateways counting apart would allow about 200.
      const refill = ((Date.now() - started) / 60_000) * 100;
      assert.ok(firstLimited >= 101 && firstLimited <= 101 + refill + 1, `first 429 at request ${firstLimited}`);
      assert.ok(Number(retryAfter) >= 1);
    });
  });
}
