import type { PricedItem, PurchaseView } from '../contracts/purchase.dto';
import type { PurchaseItemRecord, PurchaseRecord } from '../db/purchase.record';
import type { TicketRecord } from '../db/tickets.repository';

const iso = (d: Date | string) => new Date(d).toISOString();

export function toPricedItem(i: PurchaseItemRecord): PricedItem {
  return {
    ticketTypeId: i.ticketTypeId,
    ticketTypeName: i.ticketTypeName,
    quantity: i.quantity,
    unitPrice: i.unitPrice,
    discountPercent: i.discountPercent,
    finalPrice: i.finalPrice,
    subtotal: i.finalPrice * i.quantity,
    commission: i.commission * i.quantity,
  };
}

/** A purchase as its buyer sees it; `line` is the waitlist position and estimate when waiting. */
export function toPurchaseView(
  p: PurchaseRecord,
  items: readonly PurchaseItemRecord[],
  tickets: readonly TicketRecord[],
  line?: { position: number; estimatedWaitSeconds: number },
): PurchaseView {
  return {
    id: p.id,
    status: p.status,
    ...(p.statusReason ? { statusReason: p.statusReason } : {}),
    eventId: p.eventId,
    eventName: p.eventName,
    items: items.map(toPricedItem),
    total: p.total,
    commission: p.commission,
    currency: 'PEN',
    ...(line ?? {}),
    ...(p.status === 'PENDING' && p.reservedUntil ? { reservedUntil: iso(p.reservedUntil) } : {}),
    paymentId: p.paymentId,
    paymentStatus: p.paymentStatus,
    refundStatus: p.refundStatus,
    refunded: p.refunded,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    tickets: tickets.map((t) => ({
      code: t.code,
      ticketTypeId: t.ticketTypeId,
      qrUrl: `/api/musicfest/tickets/${t.code}/qr`,
      status: t.status,
    })),
  };
}
