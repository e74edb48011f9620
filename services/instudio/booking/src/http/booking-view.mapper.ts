import type { BookingView } from '../contracts/booking.dto';
import type { BookingRecord } from '../db/booking.record';
import { localTimes } from '../db/booking-times';
import type { CancellationPolicy } from '../domain/cancellation.policy';
import { ZonedTime } from '../domain/zoned-time';

/**
 * A bookings row as the API shows it: times in the salon's zone, prices in cents, and until
 * when the cancellation policy refunds it.
 */
export function toBookingView(b: BookingRecord, cancellation: CancellationPolicy): BookingView {
  return {
    id: b.id,
    status: b.status,
    statusReason: b.statusReason,
    userId: b.userId,
    salonId: b.salonId,
    serviceId: b.serviceId,
    stylistId: b.stylistId,
    ...localTimes(b),
    price: b.priceCents,
    currency: 'PEN',
    promotionId: b.promotionId,
    paymentId: b.paymentId,
    paymentMethod: b.paymentMethod,
    paymentStatus: b.paymentStatus,
    refundStatus: b.refundStatus,
    holdExpiresAt: b.holdExpiresAt ? new Date(b.holdExpiresAt).toISOString() : null,
    refundableUntil: new ZonedTime(b.timeZone).format(cancellation.refundableUntil(new Date(b.startAt))),
    createdAt: new Date(b.createdAt).toISOString(),
  };
}
