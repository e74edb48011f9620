import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { paymentsService } from '@coordina/payments';
import { type AuthProof, type EventContract, type EventData, type Role, sql } from '@coordina/platform';
import { eventually, startTestApp, type TestApp, type TestResponse, testUser } from '@coordina/platform/testing';
import { festivalsService } from '../src';

const DAY_MS = 86_400_000;

export interface TestUser {
  id: string;
  token: string;
}

/** What the events tests share: signed-in users, event bodies, waiting for the fee, the outbox. */
export class EventsFixture {
  constructor(readonly app: TestApp) {}

  /** Festivals with the demo events, and payments whose sandbox answers the hosting fee in 20 ms. */
  static async withPayments(): Promise<EventsFixture> {
    const app = await startTestApp({
      services: [festivalsService, paymentsService],
      config: { seedDemo: true, sandboxWebhookDelayMs: 20 },
    });
    return new EventsFixture(app);
  }

  /** A user whose token proves a sign-in meeting MusicFest's policy, unless `proof` says otherwise. */
  user(roles: Role[], id?: string, proof?: AuthProof): Promise<TestUser> {
    return testUser(this.app, roles, id, proof);
  }

  /** An instant `days` from now (ISO). */
  at(days: number): string {
    return new Date(Date.now() + days * DAY_MS).toISOString();
  }

  /** A valid creation body: 30 days ahead, two ticket types (150 + 50 seats), small. */
  body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: `Concierto ${randomUUID().slice(0, 6)}`,
      startsAt: this.at(30),
      durationMinutes: 120,
      place: 'Parque de la Exposición, Lima',
      description: 'Una noche de música.',
      organizer: 'Productora de Prueba',
      size: 'small',
      ticketTypes: [
        {
          name: 'General',
          price: 10_000,
          discountPercent: 0,
          quantity: 150,
          salesStartAt: this.at(-1),
          salesEndAt: this.at(29),
        },
        {
          name: 'VIP',
          price: 25_000,
          discountPercent: 10,
          quantity: 50,
          salesStartAt: this.at(-1),
          salesEndAt: this.at(29),
        },
      ],
      paymentMethod: 'pm_card_visa',
      ...overrides,
    };
  }

  create(token: string, body: Record<string, unknown>): Promise<TestResponse> {
    return this.app.fetch('/api/musicfest/events', { token, json: body });
  }

  get(id: string, token?: string): Promise<TestResponse> {
    return this.app.fetch(`/api/musicfest/events/${id}`, { token });
  }

  /** Waits (up to 20 s: the payment webhook is slow on a busy machine) until the event leaves PENDING_FEE. */
  settled(token: string, id: string) {
    return eventually(async () => {
      const r = await this.get(id, token);
      return r.body?.status && r.body.status !== 'PENDING_FEE' ? r.body : undefined;
    }, 20_000);
  }

  /** Creates an event and waits for its fee; asserts it ends PUBLISHED. */
  async published(manager: TestUser, overrides: Record<string, unknown> = {}) {
    const res = await this.create(manager.token, this.body(overrides));
    assert.equal(res.status, 202, res.text);
    const view = await this.settled(manager.token, res.body.id);
    assert.equal(view.status, 'PUBLISHED', view.statusReason);
    return view;
  }

  /** Events musicfest-festivals published for a key (its outbox), oldest first. */
  async outbox(key: string): Promise<{ topic: string; data: Record<string, unknown> }[]> {
    const ctx = this.app.contexts.get('musicfest-festivals');
    assert.ok(ctx);
    const r = await sql<{ topic: string; data: Record<string, unknown> }>`SELECT topic, event->'data' AS data
      FROM coordina_outbox WHERE key = ${key} ORDER BY seq`.execute(ctx.db.db);
    return r.rows;
  }

  /** The payment commands musicfest-festivals sent for an event (keyed by payment, found by reference). */
  async paymentCommands(eventId: string): Promise<{ topic: string; data: Record<string, unknown> }[]> {
    const ctx = this.app.contexts.get('musicfest-festivals');
    assert.ok(ctx);
    const r = await sql<{ topic: string; data: Record<string, unknown> }>`SELECT topic, event->'data' AS data
      FROM coordina_outbox WHERE event->'data'->>'reference' = ${`musicfest-event:${eventId}`}
        OR key IN (SELECT event->'data'->>'paymentId' FROM coordina_outbox
          WHERE event->'data'->>'reference' = ${`musicfest-event:${eventId}`})
      ORDER BY seq`.execute(ctx.db.db);
    return r.rows;
  }

  /** Publishes an event as if another service had (the consumer reads topics, not senders); returns its id. */
  async publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<string> {
    const ctx = this.app.contexts.get('musicfest-festivals');
    assert.ok(ctx);
    return (await ctx.db.transaction((tx) => ctx.bus.publish(tx, contract, data))).id;
  }

  /** Whether consumer group `group` of musicfest-festivals has handled the event (its inbox row committed). */
  async handled(group: string, eventId: string): Promise<boolean> {
    const ctx = this.app.contexts.get('musicfest-festivals');
    assert.ok(ctx);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_inbox
      WHERE group_id = ${group} AND event_id = ${eventId}`.execute(ctx.db.db);
    return r.rows[0]?.n === 1;
  }
}
