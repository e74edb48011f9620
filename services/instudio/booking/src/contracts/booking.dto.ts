import { IsoDate, IsoDateTime, Pagination } from '@coordina/platform';
import { z } from 'zod';

export const BookingStatuses = ['HELD', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'] as const;
export const BookingStatus = z.enum(BookingStatuses);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const PaymentStatuses = ['PENDING', 'AUTHORIZED', 'FAILED'] as const;
export const RefundStatuses = ['NONE', 'REQUESTED', 'REFUNDED'] as const;

export const AvailabilityParams = z.object({ id: z.uuid() });
export const AvailabilityQuery = z.object({ serviceId: z.uuid(), date: IsoDate });
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

export const Slot = z.object({ stylistId: z.uuid(), start: IsoDateTime, end: IsoDateTime });
export type Slot = z.infer<typeof Slot>;

export const Availability = z.object({
  salonId: z.uuid(),
  serviceId: z.uuid(),
  date: IsoDate,
  timezone: z.string(),
  slots: z.array(Slot),
});
export type Availability = z.infer<typeof Availability>;

export const CreateBookingBody = z.object({
  salonId: z.uuid(),
  serviceId: z.uuid(),
  stylistId: z.uuid(),
  start: IsoDateTime,
  paymentMethod: z.string().trim().min(1).max(100),
});
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const BookingAccepted = z.object({ id: z.uuid(), status: BookingStatus });
export type BookingAccepted = z.infer<typeof BookingAccepted>;

/** A booking as its client, its salon's admin or a platform admin sees it. Prices in cents (PEN). */
export const BookingView = z.object({
  id: z.uuid(),
  status: BookingStatus,
  statusReason: z.string().nullable(),
  userId: z.uuid(),
  salonId: z.uuid(),
  serviceId: z.uuid(),
  stylistId: z.uuid(),
  start: IsoDateTime,
  end: IsoDateTime,
  /** What the client pays, after the promotion fixed at booking time. */
  price: z.number().int(),
  currency: z.literal('PEN'),
  /** The promotion whose discount `price` includes, or null. */
  promotionId: z.uuid().nullable(),
  paymentId: z.uuid(),
  paymentMethod: z.string(),
  paymentStatus: z.enum(PaymentStatuses),
  refundStatus: z.enum(RefundStatuses),
  holdExpiresAt: IsoDateTime.nullable(),
  /**
   * The client's cancellation policy for this booking: cancelled before this instant (the start
   * less the cancellation window), a confirmed booking is refunded; from it on, it is not.
   */
  refundableUntil: IsoDateTime,
  createdAt: IsoDateTime,
});
export type BookingView = z.infer<typeof BookingView>;

export const BookingCancelled = z.object({ id: z.uuid(), status: BookingStatus, refund: z.boolean() });
export type BookingCancelled = z.infer<typeof BookingCancelled>;

export const MyBookingsQuery = Pagination;
export type MyBookingsQuery = z.infer<typeof MyBookingsQuery>;

/** The longest window a salon's calendar asks for at once (a month and a bit). */
export const SALON_BOOKINGS_MAX_DAYS = 42;

/** A salon's bookings that overlap [from, to), for its calendar. */
export const SalonBookingsQuery = Pagination.extend({ from: IsoDateTime, to: IsoDateTime })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= SALON_BOOKINGS_MAX_DAYS * 86_400_000, {
    path: ['to'],
    message: `at most ${SALON_BOOKINGS_MAX_DAYS} days after from`,
  });
export type SalonBookingsQuery = z.infer<typeof SalonBookingsQuery>;

export const BookingPage = z.object({
  items: z.array(BookingView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type BookingPage = z.infer<typeof BookingPage>;
