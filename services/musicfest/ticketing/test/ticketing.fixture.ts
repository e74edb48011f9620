import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventoCancelado, EventoPublicado } from '@coordina/musicfest-festivals/contracts';
import { paymentsService } from '@coordina/payments';
import {
  type AuthProof,
  type EventContract,
  type EventData,
  type Role,
  type ServiceContext,
  sql,
} from '@coordina/platform';
import {
  eventually,
  startTestApp,
  type TestApp,
  type TestAppOptions,
  type TestResponse,
  testUser,
} from '@coordina/platform/testing';
import { ticketingService } from '../src';

const HOUR = 3_600_000;
export const SERVICE = 'musicfest-ticketing';

export interface TypeSpec {
  name?: string;
  quantity: number;
  price?: number;
  discountPercent?: number;
  salesStartAt?: string;
  salesEndAt?: string;
  ticketTypeId?: string;
}

export type EventSnapshot = EventData<typeof EventoPublicado>;

/** What the ticketing tests share: users, events published on the bus, purchases and waiting. */
export class TicketingFixture {
  constructor(readonly app: TestApp) {}

  /** Ticketing with payments (its sandbox answers the purchases' charges). */
  static async withPayments(config: TestAppOptions['config'] = {}): Promise<TicketingFixture> {
    return new TicketingFixture(await startTestApp({ services: [paymentsService, ticketingService], config }));
  }

  get ctx(): ServiceContext {
    const ctx = this.app.contexts.get(SERVICE);
    assert.ok(ctx);
    return ctx;
  }

  /** A user whose token proves a sign-in meeting MusicFest's policy, unless `proof` says otherwise. */
  user(roles: Role[] = ['client'], id?: string, proof?: AuthProof): Promise<{ id: string; token: string }> {
    return testUser(this.app, roles, id, proof);
  }

  async publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<void> {
    const ctx = this.ctx;
    await ctx.db.transaction((tx) => ctx.bus.publish(tx, contract, data));
  }

  snapshot(types: TypeSpec[], over: Partial<EventSnapshot> = {}): EventSnapshot {
    const now = Date.now();
    return {
      eventId: randomUUID(),
      revision: 1,
      change: 'published',
      changedFields: [],
      managerId: randomUUID(),
      name: 'Festival de prueba',
      organizer: 'Coordina Live',
      place: 'Estadio Nacional, Lima',
      startsAt: new Date(now + 30 * 24 * HOUR).toISOString(),
      durationMinutes: 240,
      size: 'large',
      purchaseDeadline: new Date(now + 29 * 24 * HOUR).toISOString(),
      currency: 'PEN',
      ticketTypes: types.map((t, i) => {
        const price = t.price ?? 10_000;
        const discountPercent = t.discountPercent ?? 0;
        const finalPrice = Math.round((price * (100 - discountPercent)) / 100);
        return {
          ticketTypeId: t.ticketTypeId ?? randomUUID(),
          name: t.name ?? `Type ${i + 1}`,
          price,
          discountPercent,
          finalPrice,
          commission: Math.round(finalPrice * 0.03),
          quantity: t.quantity,
          salesStartAt: t.salesStartAt ?? new Date(now - HOUR).toISOString(),
          salesEndAt: t.salesEndAt ?? new Date(now + 20 * 24 * HOUR).toISOString(),
        };
      }),
      ...over,
    };
  }

  /** Publishes evento.publicado and waits until ticketing applied that revision. */
  async onSale(snapshot: EventSnapshot): Promise<EventSnapshot> {
    await this.publish(EventoPublicado, snapshot);
    await eventually(async () => {
      const r = await sql<{ revision: number }>`SELECT revision FROM events WHERE id = ${snapshot.eventId}`.execute(
        this.ctx.db.db,
      );
      return (r.rows[0]?.revision ?? 0) >= snapshot.revision;
    });
    return snapshot;
  }

  async cancelEvent(snapshot: EventSnapshot): Promise<void> {
    await this.publish(EventoCancelado, {
      eventId: snapshot.eventId,
      managerId: snapshot.managerId,
      name: snapshot.name,
      reason: 'weather',
      cancelledAt: new Date().toISOString(),
    });
  }

  buy(
    token: string,
    eventId: string,
    items: { ticketTypeId: string; quantity: number }[],
    paymentMethod = 'pm_card_visa',
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    return this.app.fetch('/api/musicfest/purchases', { token, json: { eventId, items, paymentMethod }, headers });
  }

  get(token: string, id: string): Promise<TestResponse> {
    return this.app.fetch(`/api/musicfest/purchases/${id}`, { token });
  }

  cancel(token: string, id: string): Promise<TestResponse> {
    return this.app.fetch(`/api/musicfest/purchases/${id}/cancel`, { method: 'POST', token });
  }

  /** Waits until the purchase is in one of `statuses`. */
  async until(token: string, id: string, statuses: string[], timeoutMs = 15_000) {
    return eventually(async () => {
      const r = await this.get(token, id);
      return statuses.includes(r.body?.status) ? r.body : undefined;
    }, timeoutMs);
  }

  /** Topics and data the service published, in order, for events whose data matches `key`. */
  async published(topic: string): Promise<Record<string, unknown>[]> {
    const r = await sql<{ data: Record<string, unknown> }>`SELECT event->'data' AS data FROM coordina_outbox
      WHERE topic = ${topic} ORDER BY seq`.execute(this.ctx.db.db);
    return r.rows.map((x) => x.data);
  }

  async counts(ticketTypeId: string) {
    const r = await sql<{ capacity: number; reserved: number; sold: number; waitlisted: number }>`
      SELECT capacity, reserved, sold, waitlisted FROM ticket_types WHERE id = ${ticketTypeId}`.execute(this.ctx.db.db);
    return r.rows[0];
  }
}
