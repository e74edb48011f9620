import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

/** One product of an order and how many units of it; the price the buyer was shown (PEN cents). */
export const StockLine = z.object({
  productId: z.uuid(),
  quantity: z.number().int().positive().max(1_000),
  unitPriceCents: z.number().int().nonnegative(),
});
export type StockLine = z.infer<typeof StockLine>;

/**
 * Command (a step of the orders saga): reserve these units for an order, all or nothing,
 * under the products' row locks. Refused when a product is missing, short of stock, or its
 * price is no longer the one the buyer was shown. Keyed by order, like its release.
 */
export const StockReservar = defineEvent({
  topic: 'stock.reservar',
  version: 1,
  key: (d) => d.orderId,
  description: "An order's saga asks the catalog to take its units out of stock (all or nothing).",
  schema: z.object({
    sagaId: z.uuid(),
    orderId: z.uuid(),
    items: z
      .array(StockLine)
      .min(1)
      .max(50)
      .refine((l) => new Set(l.map((x) => x.productId)).size === l.length, 'one line per product'),
  }),
});

/** Reply: the units are out of stock and held for the order until it is paid or released. */
export const StockReservado = defineEvent({
  topic: 'stock.reservado',
  version: 1,
  key: (d) => d.orderId,
  description: "The catalog reserved an order's units; the products' stock went down.",
  schema: z.object({
    sagaId: z.uuid(),
    orderId: z.uuid(),
    items: z.array(
      z.object({ productId: z.uuid(), quantity: z.number().int().positive(), stockLeft: z.number().int() }),
    ),
  }),
});

/** Why a reservation was refused (the saga's failure reason). */
export const StockRefusals = ['out_of_stock', 'price_changed', 'product_not_found', 'already_released'] as const;

/** Reply: nothing was reserved. */
export const ReservaStockFallida = defineEvent({
  topic: 'reserva-stock.fallida',
  version: 1,
  key: (d) => d.orderId,
  description: "The catalog refused an order's reservation (a product short of stock, gone, or repriced).",
  schema: z.object({
    sagaId: z.uuid(),
    orderId: z.uuid(),
    reason: z.enum(StockRefusals),
    productId: z.uuid().optional(),
  }),
});

/**
 * Command (a compensation): give an order's reserved units back. Idempotent; a release that
 * arrives before its reservation leaves a mark, so the late reservation is refused.
 */
export const StockLiberar = defineEvent({
  topic: 'stock.liberar',
  version: 1,
  key: (d) => d.orderId,
  description: "An order's saga gives its reserved units back to stock (compensation).",
  schema: z.object({ orderId: z.uuid(), reason: z.string().max(500) }),
});
