import { defineEvent } from '@coordina/platform';
import { z } from 'zod';
import { ShipmentStatus, ShippingAddress } from './logistics.dto';

/** One line of an order as logistics fulfils it. */
export const FulfilmentLine = z.object({
  productId: z.uuid(),
  title: z.string().max(300),
  format: z.enum(['digital', 'physical']),
  quantity: z.number().int().positive().max(1_000),
});
export type FulfilmentLine = z.infer<typeof FulfilmentLine>;

/**
 * Command (a step of the orders saga, after payment): deliver a key per unit of each digital
 * line and ship the physical ones, all or nothing. Keyed by order, like its annulment.
 */
export const EntregaPreparar = defineEvent({
  topic: 'entrega.preparar',
  version: 1,
  key: (d) => d.orderId,
  description: "A paid order's saga asks logistics for its keys (digital lines) and its shipment (physical lines).",
  schema: z.object({
    sagaId: z.uuid(),
    orderId: z.uuid(),
    userId: z.uuid(),
    /** Where the physical lines go (the buyer's, at checkout); absent or null: none was given. */
    shippingAddress: ShippingAddress.nullish(),
    lines: z
      .array(FulfilmentLine)
      .min(1)
      .max(50)
      .refine((l) => new Set(l.map((x) => x.productId)).size === l.length, 'one line per product'),
  }),
});

/** Reply: the keys are the buyer's and the shipment's label is asked of the carrier. */
export const EntregaPreparada = defineEvent({
  topic: 'entrega.preparada',
  version: 1,
  key: (d) => d.orderId,
  description: "Logistics delivered an order's keys and created its shipment.",
  schema: z.object({
    sagaId: z.uuid(),
    orderId: z.uuid(),
    keysDelivered: z.number().int().nonnegative(),
    shipmentId: z.uuid().nullable(),
  }),
});

/** Why logistics refused an order (the saga's failure reason). */
export const FulfilmentRefusals = ['out_of_keys', 'already_annulled'] as const;

/** Reply: nothing was delivered nor shipped. */
export const EntregaFallida = defineEvent({
  topic: 'entrega.fallida',
  version: 1,
  key: (d) => d.orderId,
  description: 'Logistics refused an order (a digital product out of keys, or the order was annulled first).',
  schema: z.object({
    sagaId: z.uuid(),
    orderId: z.uuid(),
    reason: z.enum(FulfilmentRefusals),
    productId: z.uuid().optional(),
  }),
});

/**
 * Command (a compensation): annul an order's fulfilment. Idempotent; its delivered keys are
 * revoked (never handed to anyone else), its shipment cancelled, and an annulment that
 * arrives first leaves a mark, so the late command is refused.
 */
export const EntregaAnular = defineEvent({
  topic: 'entrega.anular',
  version: 1,
  key: (d) => d.orderId,
  description: "An order's saga annuls its fulfilment (compensation).",
  schema: z.object({ orderId: z.uuid(), userId: z.uuid(), reason: z.string().max(500) }),
});

/** A shipment changed status (its carrier's webhook): the order follows it. */
export const EnvioActualizado = defineEvent({
  topic: 'envio.actualizado',
  version: 1,
  key: (d) => d.orderId,
  description: "A GameVault shipment's status changed (label created, in transit, delivered, cancelled).",
  schema: z.object({
    orderId: z.uuid(),
    shipmentId: z.uuid(),
    carrier: z.string(),
    status: ShipmentStatus,
    trackingCode: z.string().nullable(),
    at: z.iso.datetime({ offset: true }),
  }),
});
