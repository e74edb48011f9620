import type { BookingStatus } from '../contracts/booking.dto';

/** A bookings row, camelCase, as the repository returns it. */
export interface BookingRecord {
  id: string;
  userId: string;
  salonId: string;
  salonAdminId: string;
  serviceId: string;
  stylistId: string;
  timeZone: string;
  startAt: Date;
  endAt: Date;
  priceCents: number;
  /** The service's price before the promotion; null on rows older than promotions. */
  listPriceCents: number | null;
  promotionId: string | null;
  district: string | null;
  subcategory: string | null;
  status: BookingStatus;
  statusReason: string | null;
  paymentId: string;
  paymentMethod: string;
  paymentStatus: 'PENDING' | 'AUTHORIZED' | 'FAILED';
  refundStatus: 'NONE' | 'REQUESTED' | 'REFUNDED';
  holdExpiresAt: Date | null;
  createdAt: Date;
}

export type NewBooking = Omit<
  BookingRecord,
  'status' | 'statusReason' | 'paymentStatus' | 'refundStatus' | 'createdAt'
> & { idempotencyKey: string | null };
