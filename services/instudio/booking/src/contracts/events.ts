import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

const BookingRef = {
  bookingId: z.uuid(),
  userId: z.uuid(),
  salonId: z.uuid(),
  serviceId: z.uuid(),
  stylistId: z.uuid(),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  /** Denormalised for analytics, which reads no other service's data. */
  district: z.string().optional(),
  subcategory: z.string().optional(),
  promotionId: z.uuid().nullable().optional(),
};

export const ReservaCreada = defineEvent({
  topic: 'reserva.creada',
  version: 1,
  key: (d) => d.bookingId,
  description: 'A booking was requested and its slot is held while payment runs.',
  schema: z.object({ ...BookingRef, price: z.number().int().nonnegative(), currency: z.literal('PEN') }),
});

export const ReservaConfirmada = defineEvent({
  topic: 'reserva.confirmada',
  version: 1,
  key: (d) => d.bookingId,
  description: 'Payment succeeded; the booking is confirmed.',
  schema: z.object({ ...BookingRef, paymentId: z.uuid(), price: z.number().int().nonnegative() }),
});

export const ReservaCancelada = defineEvent({
  topic: 'reserva.cancelada',
  version: 1,
  key: (d) => d.bookingId,
  description: 'The booking was cancelled (declined payment, timeout, or by the client).',
  schema: z.object({ ...BookingRef, reason: z.string(), refund: z.boolean() }),
});

export const ReservaCompletada = defineEvent({
  topic: 'reserva.completada',
  version: 1,
  key: (d) => d.bookingId,
  description: 'The salon marked the booking as completed; the client may review it.',
  schema: z.object({ ...BookingRef, price: z.number().int().nonnegative() }),
});

export const ReservaNoPresentada = defineEvent({
  topic: 'reserva.no-presentada',
  version: 1,
  key: (d) => d.bookingId,
  description: 'The salon marked the client as a no-show.',
  schema: z.object({ ...BookingRef, price: z.number().int().nonnegative() }),
});

/** Every event of a booking's life, in order; each carries the booking's reference and price or reason. */
export const BOOKING_LIFECYCLE = [
  ReservaCreada,
  ReservaConfirmada,
  ReservaCancelada,
  ReservaCompletada,
  ReservaNoPresentada,
] as const;

/** One review per completed booking; salons update the salon's average rating from it. */
export const ResenaPublicada = defineEvent({
  topic: 'resena.publicada',
  version: 1,
  key: (d) => d.salonId,
  description: 'A client reviewed a completed booking.',
  schema: z.object({
    reviewId: z.uuid(),
    bookingId: z.uuid(),
    salonId: z.uuid(),
    userId: z.uuid(),
    rating: z.number().int().min(1).max(5),
    text: z.string().max(2000),
    at: z.iso.datetime({ offset: true }),
  }),
});
