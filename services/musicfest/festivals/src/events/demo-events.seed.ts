import type { ServiceContext } from '@coordina/platform';
import { EventoPublicado } from '../contracts/events';
import type { NewEvent } from '../db/event.record';
import { EventsRepository } from '../db/events.repository';
import { TicketTypesRepository } from '../db/ticket-types.repository';
import { DemoEvents } from '../demo/demo-events';
import { CommissionRules } from '../domain/commission.rules';
import { EventSizePolicy } from '../domain/event-size.policy';
import { EventSnapshotMapper } from './event-snapshot.mapper';

const DAY_MS = 86_400_000;

interface DemoType {
  id: string;
  name: string;
  price: number;
  discountPercent: number;
  quantity: number;
}

interface DemoEvent extends Omit<NewEvent, 'hostingFee' | 'status' | 'feePaymentId' | 'paymentMethod' | 'managerId'> {
  types: DemoType[];
}

/**
 * The demo events, PUBLISHED directly (no fee) with EventoPublicado in the same transaction so
 * ticketing builds their inventory. Fixed ids make it idempotent: an event already there is
 * left as it is, dates included (they are set 20-90 days ahead when first seeded).
 */
export class DemoEventsSeed {
  readonly #events = new EventsRepository();
  readonly #types = new TicketTypesRepository();
  readonly #pricing = new CommissionRules();
  readonly #sizes = new EventSizePolicy();
  readonly #snapshots = new EventSnapshotMapper();

  async run(ctx: ServiceContext, now = new Date()): Promise<void> {
    for (const demo of this.#demos(now)) {
      await ctx.db.transaction(async (tx) => {
        const { types, ...event } = demo;
        const inserted = await this.#events.insert(tx, {
          ...event,
          managerId: DemoEvents.managerId,
          status: 'PUBLISHED',
          hostingFee: this.#sizes.hostingFee(event.size),
          feePaymentId: null,
          paymentMethod: null,
        });
        if (!inserted) return;
        const salesStartAt = new Date(now.getTime() - DAY_MS);
        for (const [position, t] of types.entries())
          await this.#types.insert(tx, {
            ...t,
            eventId: event.id,
            position,
            salesStartAt,
            salesEndAt: event.purchaseDeadline,
            ...this.#pricing.price(t.price, t.discountPercent),
          });
        const record = await this.#events.find(tx, event.id);
        if (!record) throw new Error(`demo event ${event.id} vanished inside its own transaction`);
        const snapshot = this.#snapshots.published(record, await this.#types.forEvent(tx, event.id), 'published');
        await ctx.bus.publish(tx, EventoPublicado, snapshot);
      });
    }
  }

  #demos(now: Date): DemoEvent[] {
    const day = (n: number, hour: number) => {
      const d = new Date(now.getTime() + n * DAY_MS);
      d.setUTCHours(hour, 0, 0, 0);
      return d;
    };
    const event = (days: number, hour: number) => {
      const startsAt = day(days, hour);
      return { startsAt, purchaseDeadline: new Date(startsAt.getTime() - DAY_MS) };
    };
    const { limaRockFest: rock, jazzNight: jazz, cumbiaFest: cumbia } = DemoEvents;
    return [
      {
        id: jazz.id,
        name: jazz.name,
        description: 'Cuartetos y big band en una noche íntima frente al mar.',
        organizer: 'Barranco Jazz Club',
        place: 'Teatro Municipal de Barranco, Lima',
        ...event(20, 1),
        durationMinutes: 180,
        size: 'small',
        types: [{ id: jazz.ticketTypes.general, name: 'General', price: 8_000, discountPercent: 0, quantity: 100 }],
      },
      {
        id: rock.id,
        name: rock.name,
        description: 'Two stages of Peruvian and Latin American rock, all day long.',
        organizer: 'Andes Producciones',
        place: 'Estadio Nacional, Lima',
        ...event(45, 20),
        durationMinutes: 600,
        size: 'large',
        types: [
          { id: rock.ticketTypes.general, name: 'General', price: 15_000, discountPercent: 0, quantity: 8_000 },
          { id: rock.ticketTypes.campo, name: 'Campo', price: 22_000, discountPercent: 10, quantity: 5_000 },
          { id: rock.ticketTypes.vip, name: 'VIP', price: 35_000, discountPercent: 0, quantity: 1_500 },
        ],
      },
      {
        id: cumbia.id,
        name: cumbia.name,
        description: 'Las orquestas de cumbia más queridas del Perú en una sola noche.',
        organizer: 'Chim Pum Callao Eventos',
        place: 'Explanada del Callao Monumental',
        ...event(90, 1),
        durationMinutes: 300,
        size: 'medium',
        types: [
          { id: cumbia.ticketTypes.general, name: 'General', price: 6_000, discountPercent: 15, quantity: 1_000 },
          { id: cumbia.ticketTypes.vip, name: 'VIP', price: 12_000, discountPercent: 0, quantity: 300 },
        ],
      },
    ];
  }
}
