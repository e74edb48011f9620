import { COMMISSION_PERCENT, type EventSummary, type EventView } from '../contracts/event.dto';
import type { EventRecord, EventSummaryRecord, TicketTypeRecord } from '../db/event.record';
import { EventWireMapper } from '../domain/event-wire.mapper';

const iso = (d: Date) => new Date(d).toISOString();
const wire = new EventWireMapper();

export function toEventSummary(e: EventSummaryRecord): EventSummary {
  return {
    id: e.id,
    ...wire.event(e),
    status: e.status,
    revision: e.revision,
    hostingFee: e.hostingFee,
    seatsLeft: e.seatsLeft,
    minPrice: e.minPrice,
    currency: 'PEN',
    commissionPercent: COMMISSION_PERCENT,
  };
}

export function toEventView(e: EventRecord, types: readonly TicketTypeRecord[]): EventView {
  const seatsLeft = types.reduce((n, t) => n + t.seatsLeft, 0);
  const minPrice = types.length === 0 ? 0 : Math.min(...types.map((t) => t.finalPrice));
  return {
    ...toEventSummary({ ...e, seatsLeft, minPrice }),
    description: e.description,
    statusReason: e.statusReason,
    ticketTypes: types.map((t) => ({ id: t.id, ...wire.ticketType(t), seatsLeft: t.seatsLeft })),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
  };
}
