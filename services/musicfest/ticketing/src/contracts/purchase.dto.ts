import { IsoDateTime, Pagination } from '@coordina/platform';
import { z } from 'zod';

export const PurchaseStatuses = ['WAITLISTED', 'PENDING', 'COMPLETED', 'CANCELLED', 'EXPIRED'] as const;
export const PurchaseStatus = z.enum(PurchaseStatuses);
export type PurchaseStatus = z.infer<typeof PurchaseStatus>;
export const FinalStatuses: readonly PurchaseStatus[] = ['COMPLETED', 'CANCELLED', 'EXPIRED'];

export const BasketItem = z.object({
  ticketTypeId: z.uuid(),
  quantity: z.number().int().min(1).max(1000),
});

/** A basket: distinct ticket types of one event. The per-type limit is checked by the service (422). */
export const Basket = z.object({
  eventId: z.uuid(),
  items: z
    .array(BasketItem)
    .min(1)
    .max(20)
    .refine((items) => new Set(items.map((i) => i.ticketTypeId)).size === items.length, {
      message: 'each ticket type may appear once',
    }),
});
export type Basket = z.infer<typeof Basket>;

export const CreatePurchaseBody = Basket.extend({ paymentMethod: z.string().trim().min(1).max(100) });
export type CreatePurchaseBody = z.infer<typeof CreatePurchaseBody>;

export const PurchaseAccepted = z.object({
  id: z.uuid(),
  status: z.enum(['PENDING', 'WAITLISTED']),
  /** 1 = next in line (waiting purchases of the event ahead of this one, plus one). */
  position: z.number().int().positive().optional(),
  estimatedWaitSeconds: z.number().int().nonnegative().optional(),
});
export type PurchaseAccepted = z.infer<typeof PurchaseAccepted>;

/** One line of a basket or purchase; money in integer cents (PEN). */
export const PricedItem = z.object({
  ticketTypeId: z.uuid(),
  ticketTypeName: z.string(),
  quantity: z.number().int().positive(),
  /** Price per ticket before the discount. */
  unitPrice: z.number().int().nonnegative(),
  discountPercent: z.number().int().min(0).max(100),
  /** Price per ticket after the discount. */
  finalPrice: z.number().int().nonnegative(),
  subtotal: z.number().int().nonnegative(),
  /** The 3% platform commission included in the subtotal. */
  commission: z.number().int().nonnegative(),
});
export type PricedItem = z.infer<typeof PricedItem>;

/** A basket as priced: its event, its items, the total and the commission included in it. */
const PricedBasket = {
  eventId: z.uuid(),
  eventName: z.string(),
  items: z.array(PricedItem),
  total: z.number().int().nonnegative(),
  commission: z.number().int().nonnegative(),
  currency: z.literal('PEN'),
};

export const BasketSummary = z.object({
  ...PricedBasket,
  /** Every item fits in the seats free right now, with nobody waiting for them. */
  seatsAvailableNow: z.boolean(),
});
export type BasketSummary = z.infer<typeof BasketSummary>;

export const TicketView = z.object({
  code: z.string(),
  ticketTypeId: z.uuid(),
  qrUrl: z.string(),
  status: z.enum(['VALID', 'VOID']),
});

export const PurchaseView = z.object({
  id: z.uuid(),
  status: PurchaseStatus,
  statusReason: z.string().optional(),
  ...PricedBasket,
  position: z.number().int().positive().optional(),
  estimatedWaitSeconds: z.number().int().nonnegative().optional(),
  reservedUntil: IsoDateTime.optional(),
  /** The charge at payments (GET /api/payments/{paymentId}), for reconciliation. */
  paymentId: z.uuid(),
  paymentStatus: z.enum(['NONE', 'AUTHORIZED', 'FAILED']),
  refundStatus: z.enum(['NONE', 'REQUESTED', 'REFUNDED']),
  refunded: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  tickets: z.array(TicketView),
});
export type PurchaseView = z.infer<typeof PurchaseView>;

export const MyPurchasesQuery = Pagination;
export type MyPurchasesQuery = z.infer<typeof MyPurchasesQuery>;

export const PurchasePage = z.object({
  items: z.array(PurchaseView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PurchasePage = z.infer<typeof PurchasePage>;

export const TicketCodeParams = z.object({ code: z.string().regex(/^[A-Z2-7]{12}$/, 'a 12-character ticket code') });

/** Fail the issue of one purchase (`purchaseId`), or of every purchase of one buyer (`userId`). */
export const FaultBody = z.object({
  target: z.literal('issuer'),
  purchaseId: z.uuid().optional(),
  userId: z.uuid().optional(),
  /** How many attempts fail; omitted: every attempt until the fault is cleared. */
  failures: z.number().int().min(1).max(1_000_000).optional(),
});
export type FaultBody = z.infer<typeof FaultBody>;
/** `purchaseId` is the purchase or the buyer the fault was set for. */
export const FaultParams = z.object({ purchaseId: z.uuid() });
export const FaultView = z.object({ target: z.literal('issuer'), purchaseId: z.uuid(), failures: z.number().int() });
export type FaultView = z.infer<typeof FaultView>;
