import type { EventData } from '@coordina/platform';
import type { EventoCancelado, EventoPublicado } from '../contracts/events';
import type { EventRecord, TicketTypeRecord } from '../db/event.record';
import { EventWireMapper } from '../domain/event-wire.mapper';

const wire = new EventWireMapper();

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
      ...wire.event(e),
      currency: 'PEN',
      ticketTypes: types.map((t) => ({ ticketTypeId: t.id, ...wire.ticketType(t) })),
    };
  }

  cancelled(e: EventRecord, reason: string, at: Date): EventData<typeof EventoCancelado> {
    return { eventId: e.id, managerId: e.managerId, name: e.name, reason, cancelledAt: at.toISOString() };
  }
}
