import type { Totals } from '../contracts/cart.dto';
import type { OrderLine, OrderSummary, OrderView } from '../contracts/order.dto';
import type { OrderHistoryRecord, OrderLineRecord, OrderRecord } from '../db/order.record';
import { lineTotal } from '../domain/cart-totals';

export const toOrderLine = (l: OrderLineRecord): OrderLine => ({
  productId: l.productId,
  title: l.title,
  format: l.format,
  unitPriceCents: l.unitPriceCents,
  quantity: l.quantity,
  lineTotalCents: lineTotal(l),
});

/** The totals fixed on the order at checkout. */
export const totalsOf = (o: OrderRecord): Totals => ({
  currency: 'PEN',
  subtotalCents: o.subtotalCents,
  discountCents: o.discountCents,
  igvCents: o.igvCents,
  totalCents: o.totalCents,
});

export function toOrderView(
  o: OrderRecord,
  lines: OrderLineRecord[],
  history: OrderHistoryRecord[],
  fulfilment?: Pick<OrderView, 'keys' | 'shipment'>,
): OrderView {
  return {
    id: o.id,
    status: o.status,
    statusReason: o.statusReason,
    history: history.map((h) => ({ status: h.status, reason: h.reason, at: h.at.toISOString() })),
    items: lines.map(toOrderLine),
    totals: totalsOf(o),
    paymentId: o.paymentId,
    paymentProvider: o.paymentProvider,
    refundStatus: o.refundStatus,
    refundedCents: o.refundedCents,
    shippingAddress: o.shippingAddress,
    // Logistics' (the buyer's keys, the shipment and its history).
    keys: fulfilment?.keys ?? [],
    shipment: fulfilment?.shipment ?? null,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function toOrderSummary(o: {
  id: string;
  status: OrderRecord['status'];
  totalCents: number;
  itemCount: number;
  createdAt: Date;
  updatedAt: Date;
}): OrderSummary {
  return {
    id: o.id,
    status: o.status,
    totalCents: o.totalCents,
    itemCount: o.itemCount,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}
