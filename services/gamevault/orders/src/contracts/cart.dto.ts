import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';

/** Most units of one product in a cart, and most products in a cart. */
export const MAX_QUANTITY = 10;
export const MAX_CART_LINES = 30;

export const CartItemParams = z.object({ productId: z.uuid() });
export type CartItemParams = z.infer<typeof CartItemParams>;

/** How many units of the product the cart holds from now on; 0 takes it out. */
export const SetCartItemBody = z.object({ quantity: z.number().int().min(0).max(MAX_QUANTITY) });
export type SetCartItemBody = z.infer<typeof SetCartItemBody>;

/** What a cart or an order costs, in PEN cents: base prices, less discounts, plus IGV (18%). */
export const Totals = z.object({
  currency: z.literal('PEN'),
  /** Σ unit price × quantity (prices before tax). */
  subtotalCents: z.number().int().nonnegative(),
  discountCents: z.number().int().nonnegative(),
  /** IGV, 18% of (subtotal − discount), rounded half up to the cent. */
  igvCents: z.number().int().nonnegative(),
  totalCents: z.number().int().nonnegative(),
});
export type Totals = z.infer<typeof Totals>;

export const CartLine = z.object({
  productId: z.uuid(),
  title: z.string(),
  console: z.string(),
  format: z.enum(['digital', 'physical']),
  unitPriceCents: z.number().int().nonnegative(),
  quantity: z.number().int().positive(),
  lineTotalCents: z.number().int().nonnegative(),
  /** Units the catalog has now: a line above it cannot be bought as it is. */
  stock: z.number().int().nonnegative(),
});
export type CartLine = z.infer<typeof CartLine>;

/** The caller's cart with its prices as the catalog has them now; it expires 48 h after its last change. */
export const CartView = z.object({
  items: z.array(CartLine),
  totals: Totals,
  updatedAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime.nullable(),
});
export type CartView = z.infer<typeof CartView>;
