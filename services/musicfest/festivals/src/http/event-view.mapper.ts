import { COMMISSION_PERCENT, type EventSummary, type EventView } from '../contracts/event.dto';
import type { EventRecord, EventSummaryRecord, TicketTypeRecord } from '../db/event.record';

const iso = (d: Date) => new Date(d).toISOString();

export function toEventSummary(e: EventSummaryRecord): EventSummary {
  return {
    id: e.id,
    managerId: e.managerId,
    name: e.name,
    organizer: e.organizer,
    place: e.place,
    startsAt: iso(e.startsAt),
    durationMinutes: e.durationMinutes,
    size: e.size,
    purchaseDeadline: iso(e.purchaseDeadline),
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
    ticketTypes: types.map((t) => ({
      id: t.id,
      name: t.name,
      price: t.price,
      discountPercent: t.discountPercent,
      finalPrice: t.finalPrice,
      commission: t.commission,
      quantity: t.quantity,
      seatsLeft: t.seatsLeft,
      salesStartAt: iso(t.salesStartAt),
      salesEndAt: iso(t.salesEndAt),
    })),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
  };
}
