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
