import type { EditableEvent } from './changed-fields.rules';

/** An event's fields that its view and its EventoPublicado both show. */
export type EventShownFields = Omit<EditableEvent, 'description'> & { managerId: string };

/** A ticket type's fields that the event view and EventoPublicado both show. */
export interface TicketTypeShownFields {
  name: string;
  price: number;
  discountPercent: number;
  finalPrice: number;
  commission: number;
  quantity: number;
  salesStartAt: Date;
  salesEndAt: Date;
}

const iso = (d: Date) => new Date(d).toISOString();

/** The fields an event and its ticket types show alike over HTTP and on the log, with instants in ISO 8601. */
export class EventWireMapper {
  event<E extends EventShownFields>(e: E) {
    return {
      managerId: e.managerId,
      name: e.name,
      organizer: e.organizer,
      place: e.place,
      startsAt: iso(e.startsAt),
      durationMinutes: e.durationMinutes,
      size: e.size as E['size'],
      purchaseDeadline: iso(e.purchaseDeadline),
    };
  }

  ticketType(t: TicketTypeShownFields) {
    return {
      name: t.name,
      price: t.price,
      discountPercent: t.discountPercent,
      finalPrice: t.finalPrice,
      commission: t.commission,
      quantity: t.quantity,
      salesStartAt: iso(t.salesStartAt),
      salesEndAt: iso(t.salesEndAt),
    };
  }
}
