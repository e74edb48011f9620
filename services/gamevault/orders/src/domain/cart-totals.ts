import type { Totals } from '../contracts/cart.dto';

/** Peru's IGV (impuesto general a las ventas), in percent. */
export const IGV_PERCENT = 18;

export interface PricedLine {
  unitPriceCents: number;
  quantity: number;
}

/** A line's base amount: unit price × quantity. */
export const lineTotal = (l: PricedLine): number => l.unitPriceCents * l.quantity;

/**
 * The one place a cart's or an order's totals are computed (cart reads, checkout, the order's
 * charge): base prices summed, less the discount (never below zero), plus IGV on what is
 * left, rounded half up to the cent once for the whole order. Integer cents throughout.
 * Seed 001 defines no coupons yet; a coupon's amount arrives as `discountCents`.
 */
export function cartTotals(lines: readonly PricedLine[], discountCents = 0): Totals {
  const subtotalCents = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  const discount = Math.min(Math.max(0, Math.trunc(discountCents)), subtotalCents);
  const taxable = subtotalCents - discount;
  // Integer arithmetic: (taxable × 18 + 50) / 100, floored, is 18% rounded half up.
  const igvCents = Math.floor((taxable * IGV_PERCENT + 50) / 100);
  return { currency: 'PEN', subtotalCents, discountCents: discount, igvCents, totalCents: taxable + igvCents };
}
