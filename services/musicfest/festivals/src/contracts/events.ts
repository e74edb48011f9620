import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

/** Event sizes, from small to massive; the hosting fee is fixed per size. */
export const EventSizes = ['small', 'medium', 'large', 'massive'] as const;
export type EventSize = (typeof EventSizes)[number];

const Instant = z.iso.datetime({ offset: true });

/** A ticket type as sold: prices are integer cents (PEN); `price` is before the discount. */
export const TicketTypeSnapshot = z.object({
  ticketTypeId: z.uuid(),
  name: z.string(),
  price: z.number().int().nonnegative(),
  discountPercent: z.number().int().min(0).max(100),
  /** Price after the discount: what a buyer pays per ticket. */
  finalPrice: z.number().int().nonnegative(),
  /** The 3% platform commission on finalPrice (rounded half up), kept by the platform. */
  commission: z.number().int().nonnegative(),
  quantity: z.number().int().positive(),
  salesStartAt: Instant,
  salesEndAt: Instant,
});
export type TicketTypeSnapshot = z.infer<typeof TicketTypeSnapshot>;

/**
 * The whole on-sale event, published when its hosting fee is paid and again after every
 * edit (higher `revision` wins). Ticketing builds its inventory from it.
 */
export const EventoPublicado = defineEvent({
  topic: 'evento.publicado',
  version: 1,
  key: (d) => d.eventId,
  description: 'An event is on sale (hosting fee paid), or was edited: the full snapshot with its ticket types.',
  schema: z.object({
    eventId: z.uuid(),
    revision: z.number().int().positive(),
    change: z.enum(['published', 'updated']),
    /** What changed, for the notice to ticket holders (e.g. `startsAt`, `place`). */
    changedFields: z.array(z.string()),
    managerId: z.uuid(),
    name: z.string(),
    organizer: z.string(),
    place: z.string(),
    startsAt: Instant,
    durationMinutes: z.number().int().positive(),
    size: z.enum(EventSizes),
    /** Purchases and free cancellations are allowed until then. */
    purchaseDeadline: Instant,
    currency: z.literal('PEN'),
    ticketTypes: z.array(TicketTypeSnapshot).min(1),
  }),
});

/** The manager cancelled (or deleted) the event; ticketing refunds every ticket. */
export const EventoCancelado = defineEvent({
  topic: 'evento.cancelado',
  version: 1,
  key: (d) => d.eventId,
  description: 'The event was cancelled by its manager; every ticket is refunded.',
  schema: z.object({
    eventId: z.uuid(),
    managerId: z.uuid(),
    name: z.string(),
    reason: z.string(),
    cancelledAt: Instant,
  }),
});
