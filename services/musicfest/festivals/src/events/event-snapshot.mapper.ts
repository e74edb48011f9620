import type { EventData } from '@coordina/platform';
import type { EventoCancelado, EventoPublicado } from '../contracts/events';
import type { EventRecord, TicketTypeRecord } from '../db/event.record';

const iso = (d: Date) => new Date(d).toISOString();

/** The events musicfest-festivals publishes, from its records. */
export class EventSnapshotMapper {
  published(
    e: EventRecord,
    types: readonly TicketTypeRecord[],
    change: 'published' | 'updated',
    changedFields: string[] = [],
  ): EventData<typeof EventoPublicado> {
    return {
      eventId: e.id,
      revision: e.revision,
      change,
      changedFields,
      managerId: e.managerId,
      name: e.name,
      organizer: e.organizer,
      place: e.place,
      startsAt: iso(e.startsAt),
      durationMinutes: e.durationMinutes,
      size: e.size,
      purchaseDeadline: iso(e.purchaseDeadline),
      currency: 'PEN',
      ticketTypes: types.map((t) => ({
        ticketTypeId: t.id,
        name: t.name,
        price: t.price,
        discountPercent: t.discountPercent,
        finalPrice: t.finalPrice,
        commission: t.commission,
        quantity: t.quantity,
        salesStartAt: iso(t.salesStartAt),
        salesEndAt: iso(t.salesEndAt),
      })),
    };
  }

  cancelled(e: EventRecord, reason: string, at: Date): EventData<typeof EventoCancelado> {
    return { eventId: e.id, managerId: e.managerId, name: e.name, reason, cancelledAt: at.toISOString() };
  }
}
