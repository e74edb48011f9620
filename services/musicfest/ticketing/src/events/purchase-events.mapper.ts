import type { EventData } from '@coordina/platform';
import type {
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  DisponibilidadActualizada,
  TitularAvisado,
} from '../contracts/events';
import type { TypeCounts } from '../db/inventory.record';
import type { PurchaseItemRecord, PurchaseRecord } from '../db/purchase.record';
import type { TicketRecord } from '../db/tickets.repository';
import type { EndReason } from '../domain/purchase-outcome.mapper';

/** What every purchase event says about its purchase. */
type PurchaseRef = Pick<PurchaseRecord, 'id' | 'userId' | 'eventId' | 'eventName' | 'managerId'>;

/** Builds the purchase events' data from rows. */
export class PurchaseEventsMapper {
  #ref(p: PurchaseRef) {
    return { purchaseId: p.id, userId: p.userId, eventId: p.eventId, eventName: p.eventName, managerId: p.managerId };
  }

  #items(items: readonly PurchaseItemRecord[]) {
    return items.map((i) => ({ ticketTypeId: i.ticketTypeId, quantity: i.quantity, unitPrice: i.finalPrice }));
  }

  created(
    p: PurchaseRef & Pick<PurchaseRecord, 'status' | 'total'>,
    items: readonly PurchaseItemRecord[],
    position?: number,
  ): EventData<typeof CompraCreada> {
    return {
      ...this.#ref(p),
      status: p.status === 'WAITLISTED' ? 'WAITLISTED' : 'PENDING',
      ...(position ? { position } : {}),
      items: this.#items(items),
      total: p.total,
      currency: 'PEN',
      at: new Date().toISOString(),
    };
  }

  promoted(p: PurchaseRecord): EventData<typeof CompraPromovida> {
    const since = p.waitlistedAt ? new Date(p.waitlistedAt).getTime() : Date.now();
    return { ...this.#ref(p), waitedSeconds: Math.max(0, (Date.now() - since) / 1000), at: new Date().toISOString() };
  }

  completed(
    p: PurchaseRecord,
    items: readonly PurchaseItemRecord[],
    tickets: readonly TicketRecord[],
  ): EventData<typeof CompraCompletada> {
    return {
      ...this.#ref(p),
      items: this.#items(items),
      total: p.total,
      commission: p.commission,
      currency: 'PEN',
      paymentId: p.paymentId,
      fromWaitlist: p.fromWaitlist,
      tickets: tickets.map((t) => ({ code: t.code, ticketTypeId: t.ticketTypeId })),
      at: new Date().toISOString(),
    };
  }

  cancelled(p: PurchaseRecord, reason: EndReason): EventData<typeof CompraCancelada> {
    return {
      ...this.#ref(p),
      status: p.status === 'EXPIRED' ? 'EXPIRED' : 'CANCELLED',
      reason,
      refunded: p.refunded,
      currency: 'PEN',
      at: new Date().toISOString(),
    };
  }

  notice(p: PurchaseRecord, kind: 'changed' | 'cancelled', changedFields: string[]): EventData<typeof TitularAvisado> {
    return {
      ...this.#ref(p),
      kind,
      changedFields,
      startsAt: new Date(p.startsAt).toISOString(),
      place: p.place,
      at: new Date().toISOString(),
    };
  }

  availability(c: TypeCounts): EventData<typeof DisponibilidadActualizada> {
    return {
      eventId: c.eventId,
      ticketTypeId: c.id,
      seatsLeft: Math.max(0, c.capacity - c.reserved - c.sold),
      sold: c.sold,
      waitlisted: c.waitlisted,
      sequence: Number(c.sequence),
      at: new Date().toISOString(),
    };
  }
}
