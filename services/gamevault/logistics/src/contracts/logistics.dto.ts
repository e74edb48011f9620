import { IsoDateTime, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** A game key as sellers upload it: letters, digits and hyphens (what stores print on a card). */
export const GameKeyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{3,99}$/, 'a key: 4 to 100 letters, digits and hyphens');

export const ProductKeysParams = z.object({ productId: z.uuid() });
export type ProductKeysParams = z.infer<typeof ProductKeysParams>;

export const UploadKeysBody = z.object({
  keys: z
    .array(GameKeyCode)
    .min(1)
    .max(1_000)
    .refine((k) => new Set(k).size === k.length, 'each key once'),
});
export type UploadKeysBody = z.infer<typeof UploadKeysBody>;

/** A product's key pool, in counts (the codes themselves never leave logistics but to their buyer). */
export const KeyPoolView = z.object({
  productId: z.uuid(),
  available: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
});
export type KeyPoolView = z.infer<typeof KeyPoolView>;

export const KeysUploaded = KeyPoolView.extend({
  added: z.number().int().nonnegative(),
  /** Keys of the upload the pool already held (not added twice). */
  duplicates: z.number().int().nonnegative(),
});
export type KeysUploaded = z.infer<typeof KeysUploaded>;

/** A shipment's statuses, in the order a carrier reports them (CANCELLED: its order was cancelled). */
export const ShipmentStatuses = ['REQUESTED', 'LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED'] as const;
export const ShipmentStatus = z.enum(ShipmentStatuses);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

export const ShipmentHistoryEntry = z.object({ status: ShipmentStatus, at: IsoDateTime });

/** The shipment of an order's physical lines, with every status its carrier reported. */
const addressText = (max: number) => SafeText.pipe(z.string().trim().min(1).max(max));

/**
 * Where a physical order is shipped (Peru): who receives it, the street line, district, city
 * and region, a mobile phone for the courier, and an optional reference ("frente al parque").
 */
export const ShippingAddress = z.object({
  recipient: addressText(120),
  line1: addressText(200),
  district: addressText(80),
  city: addressText(80),
  region: addressText(80),
  phone: z.string().regex(/^9\d{8}$/, 'a Peruvian mobile number: 9 digits starting with 9'),
  reference: addressText(200).optional(),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const ShipmentView = z.object({
  id: z.uuid(),
  carrier: z.string(),
  status: ShipmentStatus,
  trackingCode: z.string().nullable(),
  /** Where it goes; null for an order placed without one. */
  address: ShippingAddress.nullable(),
  history: z.array(ShipmentHistoryEntry),
});
export type ShipmentView = z.infer<typeof ShipmentView>;

/** A key delivered for a digital line. */
export const DeliveredKey = z.object({ productId: z.uuid(), code: z.string() });
export type DeliveredKey = z.infer<typeof DeliveredKey>;

export const OrderFulfilmentParams = z.object({ orderId: z.uuid() });

/** What logistics did for an order: its keys (for its buyer only) and its shipment. */
export const OrderFulfilmentView = z.object({
  orderId: z.uuid(),
  status: z.enum(['PREPARING', 'FULFILLED', 'REFUSED', 'ANNULLED']),
  keys: z.array(DeliveredKey),
  shipment: ShipmentView.nullable(),
});
export type OrderFulfilmentView = z.infer<typeof OrderFulfilmentView>;

/** The answer to a carrier webhook: taken, a redelivery of a taken event, or nothing to do. */
export const CarrierWebhookAck = z.object({
  received: z.literal(true),
  duplicate: z.boolean().optional(),
  ignored: z.boolean().optional(),
});
export type CarrierWebhookAck = z.infer<typeof CarrierWebhookAck>;

/**
 * A carrier's status webhook (the sandbox carrier's format, shaped like real carriers' tracking
 * webhooks): the event id deduplicates it; `data.trackingCode` names the shipment.
 */
export const CarrierEventBody = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['shipment.label_created', 'shipment.in_transit', 'shipment.delivered']),
  created: z.number().int().positive(),
  data: z.object({
    trackingCode: z.string().min(1).max(100),
    reference: z.string().max(200).optional(),
  }),
});
export type CarrierEventBody = z.infer<typeof CarrierEventBody>;
