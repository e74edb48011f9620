import type { StockLine, StockRefusals } from '../contracts/stock.events';

/** A product as a reservation sees it, read under its row lock. */
export interface StockedProduct {
  id: string;
  priceCents: number;
  stock: number;
}

export type StockDecision = { ok: true } | { ok: false; reason: (typeof StockRefusals)[number]; productId: string };

/**
 * Whether an order's lines can all be reserved from these locked rows: every product exists,
 * still costs what the buyer was shown, and has the units (all or nothing).
 */
export function decideReservation(lines: readonly StockLine[], locked: readonly StockedProduct[]): StockDecision {
  const byId = new Map(locked.map((p) => [p.id, p]));
  for (const line of lines) {
    const p = byId.get(line.productId);
    if (!p) return { ok: false, reason: 'product_not_found', productId: line.productId };
    if (p.priceCents !== line.unitPriceCents) return { ok: false, reason: 'price_changed', productId: p.id };
    if (p.stock < line.quantity) return { ok: false, reason: 'out_of_stock', productId: p.id };
  }
  return { ok: true };
}
