import type { EventData } from '@coordina/platform';
import type {
  ReservaCancelada,
  ReservaCompletada,
  ReservaConfirmada,
  ReservaCreada,
  ReservaNoPresentada,
} from '../contracts/events';
import type { BookingRecord } from '../db/booking.record';
import { localTimes } from '../db/booking-times';

/** Builds the reserva.* event payloads from a bookings row. */
export class BookingEventsMapper {
  ref(b: BookingRecord) {
    return {
      bookingId: b.id,
      userId: b.userId,
      salonId: b.salonId,
      serviceId: b.serviceId,
      stylistId: b.stylistId,
      ...localTimes(b),
      ...(b.district === null ? {} : { district: b.district }),
      ...(b.subcategory === null ? {} : { subcategory: b.subcategory }),
      promotionId: b.promotionId,
    };
  }

  created(b: BookingRecord): EventData<typeof ReservaCreada> {
    return { ...this.ref(b), price: b.priceCents, currency: 'PEN' };
  }

  confirmed(b: BookingRecord): EventData<typeof ReservaConfirmada> {
    return { ...this.ref(b), paymentId: b.paymentId, price: b.priceCents };
  }

  cancelled(b: BookingRecord, reason: string, refund: boolean): EventData<typeof ReservaCancelada> {
    return { ...this.ref(b), reason, refund };
  }

  completed(b: BookingRecord): EventData<typeof ReservaCompletada> {
    return { ...this.ref(b), price: b.priceCents };
  }

  noShow(b: BookingRecord): EventData<typeof ReservaNoPresentada> {
    return { ...this.ref(b), price: b.priceCents };
  }
}
