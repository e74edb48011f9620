import { DeliveredKey, ShipmentView, ShippingAddress } from '@coordina/gamevault-logistics/contracts';
import { PhoneApproval } from '@coordina/payments/contracts';
import { IsoDateTime, Pagination } from '@coordina/platform';
import { z } from 'zod';
import { Totals } from './cart.dto';

/**
 * An order's life: PENDING (its stock is being reserved) → AWAITING_PAYMENT → PAID (awaiting
 * fulfilment by logistics) → FULFILLED (keys delivered, shipment labelled) → SHIPPED (in
 * transit) → DELIVERED; CANCELLED from any of the first three when its saga compensates. An
 * order of digital games only stays FULFILLED.
 */
export const OrderStatuses = [
  'PENDING',
  'AWAITING_PAYMENT',
  'PAID',
  'FULFILLED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export const OrderStatus = z.enum(OrderStatuses);
export type OrderStatus = z.infer<typeof OrderStatus>;

const providerToken = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, `${what} (letters, digits, _ and -)`)
    .max(100);

/**
 * How the buyer pays, by provider (payments' adapters, docs/decisions/0063 and 0064):
 * - `card`: a card tokenized by the provider (sandbox: `pm_card_visa` pays, `pm_card_chargeDeclined` declines);
 * - `paypal`: the buyer's saved PayPal wallet (sandbox: `paypal_vault_ok` pays, `paypal_vault_declined` declines);
 * - `yape`, `plin`: the buyer's phone and the 6-digit approval code from the wallet's app
 *   (sandbox: `000000` is refused, any other code approves).
 */
export const PaymentMethod = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('card'), token: providerToken('a card token') }),
  z.object({ provider: z.literal('paypal'), vaultId: providerToken('a PayPal vault id') }),
  z.object({ provider: z.literal('yape'), ...PhoneApproval.shape }),
  z.object({ provider: z.literal('plin'), ...PhoneApproval.shape }),
]);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/**
 * The checkout: how the buyer pays and, for a cart with physical products, where to ship them
 * (logistics' shipment gets it; ignored for digital-only carts).
 */
export const CheckoutBody = z.object({ paymentMethod: PaymentMethod, shippingAddress: ShippingAddress.optional() });
export type CheckoutBody = z.infer<typeof CheckoutBody>;

export const OrderAccepted = z.object({ id: z.uuid(), status: OrderStatus });
export type OrderAccepted = z.infer<typeof OrderAccepted>;

export const OrderLine = z.object({
  productId: z.uuid(),
  title: z.string(),
  format: z.enum(['digital', 'physical']),
  unitPriceCents: z.number().int().nonnegative(),
  quantity: z.number().int().positive(),
  lineTotalCents: z.number().int().nonnegative(),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const OrderHistoryEntry = z.object({ status: OrderStatus, reason: z.string().nullable(), at: IsoDateTime });
export type OrderHistoryEntry = z.infer<typeof OrderHistoryEntry>;

/** A key delivered for a digital line (logistics; shown to the order's buyer only). */
export const OrderKey = DeliveredKey;

/** The shipment of the physical lines (logistics), with the carrier's status history. */
export const OrderShipment = ShipmentView;

export const OrderView = z.object({
  id: z.uuid(),
  status: OrderStatus,
  statusReason: z.string().nullable(),
  history: z.array(OrderHistoryEntry),
  items: z.array(OrderLine),
  totals: Totals,
  paymentId: z.uuid(),
  paymentProvider: z.string(),
  refundStatus: z.enum(['NONE', 'REQUESTED', 'REFUNDED']),
  /** What payments refunded of the charge so far: admins' partial refunds, or all of it. */
  refundedCents: z.number().int().nonnegative(),
  /** Where the physical lines are shipped; null when none was given (or nothing is shipped). */
  shippingAddress: ShippingAddress.nullable(),
  keys: z.array(OrderKey),
  shipment: OrderShipment.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type OrderView = z.infer<typeof OrderView>;

export const OrderSummary = z.object({
  id: z.uuid(),
  status: OrderStatus,
  totalCents: z.number().int().nonnegative(),
  itemCount: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const MyOrdersQuery = Pagination;
export type MyOrdersQuery = z.infer<typeof MyOrdersQuery>;

export const OrderPage = z.object({
  items: z.array(OrderSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type OrderPage = z.infer<typeof OrderPage>;
