import { ErrorCodes, type ErrorDefinition } from '@coordina/platform';
import { TicketingErrors } from '../contracts/ticketing.errors';

/** A ticket type as the basket rules need it: prices in cents. */
export interface SellableType {
  id: string;
  name: string;
  price: number;
  discountPercent: number;
  finalPrice: number;
  commission: number;
  salesStartAt: Date;
  salesEndAt: Date;
  removed: boolean;
}

export interface SellableEvent {
  id: string;
  status: 'ON_SALE' | 'CANCELLED';
  purchaseDeadline: Date;
}

/**
 * Why a basket cannot be bought: the registered error buyers get (ticketing's own codes, or the
 * platform's NOT_FOUND), its message, and the request field at fault when there is one.
 */
export interface BasketRefusal {
  error: ErrorDefinition;
  message: string;
  field?: string;
}

export interface PricedLine {
  ticketTypeId: string;
  ticketTypeName: string;
  quantity: number;
  unitPrice: number;
  discountPercent: number;
  finalPrice: number;
  subtotal: number;
  commission: number;
}

/**
 * Pricing and the purchase limits of a basket. The price per ticket and its 3% commission
 * come from the event's snapshot (events computes them); a line is quantity × those.
 */
export class BasketRules {
  constructor(private readonly maxPerType: number) {}

  price(types: readonly SellableType[], items: readonly { ticketTypeId: string; quantity: number }[]) {
    const byId = new Map(types.map((t) => [t.id, t]));
    const lines: PricedLine[] = [];
    for (const item of items) {
      const t = byId.get(item.ticketTypeId);
      if (!t) throw new Error(`unknown ticket type ${item.ticketTypeId}`);
      lines.push({
        ticketTypeId: t.id,
        ticketTypeName: t.name,
        quantity: item.quantity,
        unitPrice: t.price,
        discountPercent: t.discountPercent,
        finalPrice: t.finalPrice,
        subtotal: t.finalPrice * item.quantity,
        commission: t.commission * item.quantity,
      });
    }
    return {
      lines,
      total: lines.reduce((s, l) => s + l.subtotal, 0),
      commission: lines.reduce((s, l) => s + l.commission, 0),
      tickets: lines.reduce((s, l) => s + l.quantity, 0),
    };
  }

  /** The first item over the per-type limit (PURCHASE_LIMIT_EXCEEDED), with its index. */
  overLimit(items: readonly { quantity: number }[]): (BasketRefusal & { index: number }) | undefined {
    const index = items.findIndex((i) => i.quantity > this.maxPerType);
    if (index < 0) return undefined;
    return {
      error: TicketingErrors.PURCHASE_LIMIT_EXCEEDED,
      message: `at most ${this.maxPerType} tickets of one type per purchase`,
      field: `body.items.${index}.quantity`,
      index,
    };
  }

  /** Why the basket cannot be bought now (unknown event or type, sales closed), or undefined. */
  refusal(
    eventId: string,
    event: SellableEvent | undefined,
    types: ReadonlyMap<string, SellableType & { eventId: string }>,
    items: readonly { ticketTypeId: string }[],
    now: Date,
  ): BasketRefusal | undefined {
    if (!event) return { error: ErrorCodes.NOT_FOUND, message: `event ${eventId} not found` };
    for (const item of items) {
      const type = types.get(item.ticketTypeId);
      if (type?.eventId !== event.id)
        return { error: ErrorCodes.NOT_FOUND, message: `ticket type ${item.ticketTypeId} is not sold for this event` };
      const closed = this.closedReason(event, type, now);
      if (closed) return { error: TicketingErrors.SALES_CLOSED, message: closed };
    }
    return undefined;
  }

  /** Why a type cannot be sold now, or undefined when it can. */
  closedReason(event: SellableEvent, type: SellableType, now: Date): string | undefined {
    if (event.status === 'CANCELLED') return 'the event was cancelled';
    if (now >= event.purchaseDeadline) return 'the purchase deadline has passed';
    if (type.removed) return `${type.name} is no longer sold`;
    if (now < type.salesStartAt) return `${type.name} goes on sale at ${type.salesStartAt.toISOString()}`;
    if (now >= type.salesEndAt) return `sales of ${type.name} ended at ${type.salesEndAt.toISOString()}`;
    return undefined;
  }
}
