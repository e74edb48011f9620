import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true });

export const PurchaseItem = z.object({
  ticketTypeId: z.uuid(),
  quantity: z.number().int().positive(),
  /** Price per ticket after discount, cents. */
  unitPrice: z.number().int().nonnegative(),
});

/** Fields every purchase event carries, denormalised for notifications and analytics. */
const PurchaseRef = {
  purchaseId: z.uuid(),
  userId: z.uuid(),
  eventId: z.uuid(),
  eventName: z.string(),
  managerId: z.uuid(),
};

/** A buyer asked for a summary of a basket (the first step of the funnel). */
export const CestaResumida = defineEvent({
  topic: 'cesta.resumida',
  version: 1,
  key: (d) => d.eventId,
  description: 'A buyer saw the summary of a basket (price, discount, commission, total) before paying.',
  schema: z.object({
    userId: z.uuid(),
    eventId: z.uuid(),
    managerId: z.uuid(),
    items: z.array(PurchaseItem).min(1),
    total: z.number().int().nonnegative(),
    at: Instant,
  }),
});

/** A purchase was accepted: its seats are reserved (PENDING) or it waits in line (WAITLISTED). */
export const CompraCreada = defineEvent({
  topic: 'compra.creada',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'A purchase was accepted: seats reserved until payment (PENDING), or queued (WAITLISTED).',
  schema: z.object({
    ...PurchaseRef,
    status: z.enum(['PENDING', 'WAITLISTED']),
    position: z.number().int().positive().optional(),
    items: z.array(PurchaseItem).min(1),
    total: z.number().int().nonnegative(),
    currency: z.literal('PEN'),
    at: Instant,
  }),
});

/** A waitlisted purchase got its seats and goes on to payment. */
export const CompraPromovida = defineEvent({
  topic: 'compra.promovida',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Seats were freed for a waitlisted purchase; it is now PENDING payment.',
  schema: z.object({ ...PurchaseRef, waitedSeconds: z.number().nonnegative(), at: Instant }),
});

/** Paid and issued: the tickets with their unique codes. */
export const CompraCompletada = defineEvent({
  topic: 'compra.completada',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Payment succeeded and the tickets were issued, each with a unique code.',
  schema: z.object({
    ...PurchaseRef,
    items: z.array(PurchaseItem).min(1),
    total: z.number().int().nonnegative(),
    commission: z.number().int().nonnegative(),
    currency: z.literal('PEN'),
    paymentId: z.uuid(),
    fromWaitlist: z.boolean(),
    tickets: z.array(z.object({ code: z.string(), ticketTypeId: z.uuid() })).min(1),
    at: Instant,
  }),
});

/**
 * A purchase ended without tickets, or its tickets were cancelled: CANCELLED (by the buyer,
 * a declined payment, the event's cancellation, or leaving the waitlist) or EXPIRED (payment
 * did not complete in time).
 */
export const CompraCancelada = defineEvent({
  topic: 'compra.cancelada',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'A purchase was cancelled or expired; seats went back to sale or to the waitlist.',
  schema: z.object({
    ...PurchaseRef,
    status: z.enum(['CANCELLED', 'EXPIRED']),
    reason: z.enum([
      'buyer_cancelled',
      'payment_declined',
      'payment_timeout',
      'tickets_not_issued',
      'event_cancelled',
      'left_waitlist',
    ]),
    /** Amount refunded in cents (0 when nothing had been charged). */
    refunded: z.number().int().nonnegative(),
    currency: z.literal('PEN'),
    at: Instant,
  }),
});

/** Every event of a purchase's life, in order; each carries the purchase's reference (PurchaseRef). */
export const PURCHASE_LIFECYCLE = [CompraCreada, CompraPromovida, CompraCompletada, CompraCancelada] as const;

/** The event a buyer holds tickets for changed or was cancelled: one notice per holder purchase. */
export const TitularAvisado = defineEvent({
  topic: 'titular.avisado',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Tells one ticket holder that the event changed (date, place...) or was cancelled.',
  schema: z.object({
    ...PurchaseRef,
    kind: z.enum(['changed', 'cancelled']),
    changedFields: z.array(z.string()),
    startsAt: Instant,
    place: z.string(),
    at: Instant,
  }),
});

/** Seats left per ticket type, after every change (for the catalog). */
export const DisponibilidadActualizada = defineEvent({
  topic: 'disponibilidad.actualizada',
  version: 1,
  key: (d) => d.ticketTypeId,
  description: 'Seats left and waitlist length of one ticket type, after a reservation, release or sale.',
  schema: z.object({
    eventId: z.uuid(),
    ticketTypeId: z.uuid(),
    seatsLeft: z.number().int().nonnegative(),
    sold: z.number().int().nonnegative(),
    waitlisted: z.number().int().nonnegative(),
    /** Monotonic per ticket type: consumers ignore older updates. */
    sequence: z.number().int().nonnegative(),
    at: Instant,
  }),
});

/** A ticket type has no seats left (the manager is told). */
export const EntradasAgotadas = defineEvent({
  topic: 'entradas.agotadas',
  version: 1,
  key: (d) => d.ticketTypeId,
  description: 'A ticket type sold out.',
  schema: z.object({
    eventId: z.uuid(),
    eventName: z.string(),
    managerId: z.uuid(),
    ticketTypeId: z.uuid(),
    ticketTypeName: z.string(),
    at: Instant,
  }),
});

/** Saga command to the ticket issuer (keyed by purchase, so a failed one holds that purchase only). */
export const EntradasEmitir = defineEvent({
  topic: 'entradas.emitir',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Command: issue the tickets of a paid purchase (unique codes + QR).',
  schema: z.object({ purchaseId: z.uuid(), sagaId: z.uuid() }),
});

/** The issuer's reply. */
export const EntradasEmitidas = defineEvent({
  topic: 'entradas.emitidas',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Reply: the tickets of a purchase were issued.',
  schema: z.object({ purchaseId: z.uuid(), sagaId: z.uuid(), count: z.number().int().positive() }),
});

/** Command to the ticket issuer: void the tickets of a cancelled purchase (same key, so it waits behind an issue). */
export const EntradasAnular = defineEvent({
  topic: 'entradas.anular',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Command: void the tickets of a purchase being cancelled.',
  schema: z.object({ purchaseId: z.uuid(), reason: z.string() }),
});

/**
 * The issuer's failure reply (added with the ticketing service): it could not issue the
 * tickets of a purchase it does not know. Transient failures are retried and parked instead.
 */
export const EmisionFallida = defineEvent({
  topic: 'emision.fallida',
  version: 1,
  key: (d) => d.purchaseId,
  description: 'Reply: the tickets of a purchase could not be issued (unknown purchase).',
  schema: z.object({ purchaseId: z.uuid(), sagaId: z.uuid(), reason: z.string() }),
});
