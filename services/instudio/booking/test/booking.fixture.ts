import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AccessTokens, type Role, sql } from '@coordina/platform';
import { eventually, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { ZonedTime } from '../src/domain/zoned-time';

export const MIRAFLORES = '10000000-0000-4000-8000-000000000001';
/** Corte y peinado, 60 minutes, S/ 60.00, offered by both Miraflores stylists. */
export const HAIRCUT = '20000000-0000-4000-8000-000000000101';
export const VALERIA = '30000000-0000-4000-8000-000000000101';
export const DIEGO = '30000000-0000-4000-8000-000000000102';
export const DEMO_SALON_ADMIN = '6f1c2d3e-0002-4000-8000-000000000002';

export interface TestSlot {
  stylistId: string;
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

/** What the booking tests share: signed-in users, slots, bookings and waiting for them to settle. */
export class BookingFixture {
  readonly #lima = new ZonedTime('America/Lima');

  constructor(readonly app: TestApp) {}

  async user(roles: Role[] = ['client'], id = randomUUID()): Promise<{ id: string; token: string }> {
    const token = await new AccessTokens(this.app.config.jwtSecret, 3600).sign({
      id,
      email: `${id.slice(0, 8)}@example.test`,
      roles,
    });
    return { id, token };
  }

  /** A calendar date in Lima, days from today. */
  date(daysAhead: number): string {
    return this.#lima.local(new Date(Date.now() + daysAhead * DAY_MS)).date;
  }

  async slots(date: string, serviceId = HAIRCUT): Promise<TestSlot[]> {
    const r = await this.app.fetch(
      `/api/instudio/salons/${MIRAFLORES}/availability?serviceId=${serviceId}&date=${date}`,
    );
    assert.equal(r.status, 200, r.text);
    return r.body.slots;
  }

  book(token: string, slot: { stylistId: string; start: string }, paymentMethod = 'pm_card_visa', serviceId = HAIRCUT) {
    return this.app.fetch('/api/instudio/bookings', {
      token,
      json: { salonId: MIRAFLORES, serviceId, stylistId: slot.stylistId, start: slot.start, paymentMethod },
    });
  }

  get(token: string, id: string): Promise<TestResponse> {
    return this.app.fetch(`/api/instudio/bookings/${id}`, { token });
  }

  /** Waits (up to 10 s) until the booking leaves HELD. */
  settled(token: string, id: string, timeoutMs = 10_000) {
    return eventually(async () => {
      const r = await this.get(token, id);
      return r.body?.status === 'CONFIRMED' || r.body?.status === 'CANCELLED' ? r.body : undefined;
    }, timeoutMs);
  }

  /** Topics the booking service published for a key (its outbox). */
  async published(key: string): Promise<{ topic: string; data: Record<string, unknown> }[]> {
    const ctx = this.app.contexts.get('instudio-booking');
    assert.ok(ctx);
    const r = await sql<{ topic: string; data: Record<string, unknown> }>`SELECT topic, event->'data' AS data
      FROM coordina_outbox WHERE key = ${key} ORDER BY seq`.execute(ctx.db.db);
    return r.rows;
  }

  /** Pairs of live bookings of one stylist that overlap: must always be zero. */
  async overlappingLivePairs(): Promise<number> {
    const ctx = this.app.contexts.get('instudio-booking');
    assert.ok(ctx);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings a JOIN bookings b
      ON a.id < b.id AND a.stylist_id = b.stylist_id
        AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)
      WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')`.execute(ctx.db.db);
    return r.rows[0]?.n ?? -1;
  }
}
