import { randomUUID } from 'node:crypto';
import { EventoCancelado, EventoPublicado } from '@coordina/musicfest-festivals/contracts';
import {
  CestaResumida,
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  EntradasAgotadas,
} from '@coordina/musicfest-ticketing/contracts';
import { ev, type StubEvent } from './instudio.stub';

type Item = { ticketTypeId: string; quantity: number; unitPrice: number };
type Ref = { purchaseId: string; userId: string; eventId: string; eventName: string; managerId: string };

/**
 * Two festival events with known figures (dates in Lima, UTC-5):
 * - Rock (manager A): General 100.00 (commission 3.00), VIP 250.00 -20% = 200.00 (6.00).
 *   p1 2 General, completed 03-01, refunded 200.00 on 03-04 (buyer_cancelled);
 *   p2 1 General + 1 VIP, completed at 22:00 on 03-01 (03-02 in UTC);
 *   p3 waitlisted 03-02, promoted, completed 1 VIP on 03-03; p4 waitlisted, left;
 *   p5 waitlisted, promoted, expired; p6 payment declined. 5 basket summaries. VIP sold out.
 *   So 3 completed purchases, 5 tickets, 700.00 revenue, 21.00 commission.
 * - Jazz (manager B): q1 3 Platea 50.00 (1.50) completed 03-05, then the event was
 *   cancelled and q1 refunded 150.00 on 03-06. 2 basket summaries.
 */
export class MusicfestScenario {
  readonly managerA = randomUUID();
  readonly managerB = randomUUID();
  readonly rock = { id: randomUUID(), general: randomUUID(), vip: randomUUID() };
  readonly jazz = { id: randomUUID(), platea: randomUUID() };
  #again: StubEvent[] = [];

  /** The events service's facts and the Rock event's funnel. */
  first(): StubEvent[] {
    const { rock } = this;
    const general = (quantity: number): Item => ({ ticketTypeId: rock.general, quantity, unitPrice: 10000 });
    const vip = (quantity: number): Item => ({ ticketTypeId: rock.vip, quantity, unitPrice: 20000 });
    const p = Array.from({ length: 6 }, () => this.#purchase(rock.id, 'Rock Fest 2030', this.managerA));
    const events = [
      this.#published(1, 'Rock Fest', this.managerA, rock.id, [
        [rock.general, 'General', 10000, 0],
        [rock.vip, 'VIP', 25000, 20],
      ]),
      this.#published(1, 'Jazz Night', this.managerB, this.jazz.id, [[this.jazz.platea, 'Platea', 5000, 0]]),
      this.#published(2, 'Rock Fest 2030', this.managerA, rock.id, [
        [rock.general, 'General', 10000, 0],
        [rock.vip, 'VIP', 25000, 20],
      ]),
      ...this.#baskets(rock.id, this.managerA, 5, '2030-03-01T14:00:00Z'),
      ...this.#completed(p[0], [general(2)], 600, '2030-03-01T15:00:00Z', false),
      ...this.#completed(p[1], [general(1), vip(1)], 900, '2030-03-02T03:00:00Z', false),
      ev(CompraCreada, {
        ...p[2],
        status: 'WAITLISTED',
        position: 1,
        ...this.#money([vip(1)]),
        at: '2030-03-02T15:00:00Z',
      }),
      ev(CompraPromovida, { ...p[2], waitedSeconds: 3600, at: '2030-03-03T13:00:00Z' }),
      ev(CompraCompletada, this.#completion(p[2], [vip(1)], 600, '2030-03-03T14:00:00Z', true)),
      ev(CompraCreada, {
        ...p[3],
        status: 'WAITLISTED',
        position: 2,
        ...this.#money([vip(1)]),
        at: '2030-03-02T15:01:00Z',
      }),
      this.#cancelled(p[3], 'CANCELLED', 'left_waitlist', 0, '2030-03-02T16:00:00Z'),
      ev(CompraCreada, {
        ...p[4],
        status: 'WAITLISTED',
        position: 3,
        ...this.#money([vip(1)]),
        at: '2030-03-02T15:02:00Z',
      }),
      ev(CompraPromovida, { ...p[4], waitedSeconds: 60, at: '2030-03-02T15:03:00Z' }),
      this.#cancelled(p[4], 'EXPIRED', 'payment_timeout', 0, '2030-03-02T15:20:00Z'),
      ev(CompraCreada, { ...p[5], status: 'PENDING', ...this.#money([general(1)]), at: '2030-03-02T17:00:00Z' }),
      this.#cancelled(p[5], 'CANCELLED', 'payment_declined', 0, '2030-03-02T17:01:00Z'),
      this.#cancelled(p[0], 'CANCELLED', 'buyer_cancelled', 20000, '2030-03-04T15:00:00Z'),
      ev(EntradasAgotadas, {
        eventId: rock.id,
        eventName: 'Rock Fest 2030',
        managerId: this.managerA,
        ticketTypeId: rock.vip,
        ticketTypeName: 'VIP',
        at: '2030-03-03T14:00:00Z',
      }),
    ];
    // The same purchase facts again, as a publisher that sent them twice would (new bus event ids).
    this.#again = events.filter((e) => e.contract === CompraCompletada || e.contract === CompraCancelada);
    return events;
  }

  /** first()'s completions and cancellations, to publish a second time: they must not count twice. */
  again(): StubEvent[] {
    return this.#again;
  }

  /** The Jazz event's sale and cancellation (published while analytics is down in the restart test). */
  second(): StubEvent[] {
    const { jazz } = this;
    const q1 = this.#purchase(jazz.id, 'Jazz Night', this.managerB);
    const platea: Item = { ticketTypeId: jazz.platea, quantity: 3, unitPrice: 5000 };
    return [
      ...this.#baskets(jazz.id, this.managerB, 2, '2030-03-05T14:00:00Z'),
      ...this.#completed(q1, [platea], 450, '2030-03-05T15:00:00Z', false),
      ev(EventoCancelado, {
        eventId: jazz.id,
        managerId: this.managerB,
        name: 'Jazz Night',
        reason: 'storm',
        cancelledAt: '2030-03-06T12:00:00Z',
      }),
      this.#cancelled(q1, 'CANCELLED', 'event_cancelled', 15000, '2030-03-06T13:00:00Z'),
    ];
  }

  #purchase(eventId: string, eventName: string, managerId: string): Ref {
    return { purchaseId: randomUUID(), userId: randomUUID(), eventId, eventName, managerId };
  }

  #money(items: Item[]) {
    return { items, total: items.reduce((n, i) => n + i.quantity * i.unitPrice, 0), currency: 'PEN' as const };
  }

  #completion(p: Ref, items: Item[], commission: number, at: string, fromWaitlist: boolean) {
    const tickets = items.flatMap((i) =>
      Array.from({ length: i.quantity }, () => ({ code: randomUUID(), ticketTypeId: i.ticketTypeId })),
    );
    return { ...p, ...this.#money(items), commission, paymentId: randomUUID(), fromWaitlist, tickets, at };
  }

  #completed(p: Ref, items: Item[], commission: number, at: string, fromWaitlist: boolean) {
    const created = new Date(Date.parse(at) - 60_000).toISOString();
    return [
      ev(CompraCreada, { ...p, status: 'PENDING', ...this.#money(items), at: created }),
      ev(CompraCompletada, this.#completion(p, items, commission, at, fromWaitlist)),
    ];
  }

  #cancelled(
    p: Ref,
    status: 'CANCELLED' | 'EXPIRED',
    reason: 'buyer_cancelled' | 'payment_declined' | 'payment_timeout' | 'event_cancelled' | 'left_waitlist',
    refunded: number,
    at: string,
  ): StubEvent {
    return ev(CompraCancelada, { ...p, status, reason, refunded, currency: 'PEN', at });
  }

  #baskets(eventId: string, managerId: string, n: number, at: string): StubEvent[] {
    return Array.from({ length: n }, () =>
      ev(CestaResumida, {
        userId: randomUUID(),
        eventId,
        managerId,
        items: [{ ticketTypeId: randomUUID(), quantity: 1, unitPrice: 1000 }],
        total: 1000,
        at,
      }),
    );
  }

  #published(
    revision: number,
    name: string,
    managerId: string,
    eventId: string,
    types: [string, string, number, number][],
  ) {
    return ev(EventoPublicado, {
      eventId,
      revision,
      change: revision === 1 ? 'published' : 'updated',
      changedFields: revision === 1 ? [] : ['name'],
      managerId,
      name,
      organizer: 'Coordina Live',
      place: 'Estadio Nacional',
      startsAt: '2030-04-01T20:00:00-05:00',
      durationMinutes: 240,
      size: 'large',
      purchaseDeadline: '2030-03-31T20:00:00-05:00',
      currency: 'PEN',
      ticketTypes: types.map(([ticketTypeId, typeName, price, discountPercent]) => {
        const finalPrice = Math.round((price * (100 - discountPercent)) / 100);
        return {
          ticketTypeId,
          name: typeName,
          price,
          discountPercent,
          finalPrice,
          commission: Math.round(finalPrice * 0.03),
          quantity: 100,
          salesStartAt: '2030-02-01T00:00:00-05:00',
          salesEndAt: '2030-03-31T20:00:00-05:00',
        };
      }),
    });
  }
}
