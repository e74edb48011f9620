import type { FactRow } from '../../domain/fact-row';

interface EventMeta {
  id: string;
  type: string;
  time: string;
}

interface BookingData {
  bookingId: string;
  userId: string;
  salonId: string;
  serviceId: string;
  stylistId: string;
  start: string;
  district?: string;
  subcategory?: string;
  promotionId?: string | null;
  price?: number;
  paymentId?: string;
  reason?: string;
  refund?: boolean;
}

const BOOKING_REFERENCE = /^booking:([0-9a-f-]{36})$/i;

/** Turns InStudio and payment events into fact rows (pure: no I/O). */
export class FactMapper {
  booking(e: EventMeta, d: BookingData): FactRow {
    return {
      table: 'booking_facts',
      values: {
        event_id: e.id,
        topic: e.type,
        booking_id: d.bookingId,
        salon_id: d.salonId,
        service_id: d.serviceId,
        stylist_id: d.stylistId,
        user_id: d.userId,
        start_at: d.start,
        // The appointment's date in the salon's own time zone: `start` carries the salon's offset.
        local_date: d.start.slice(0, 10),
        district: d.district ?? null,
        subcategory: d.subcategory ?? null,
        promotion_id: d.promotionId ?? null,
        price_cents: d.price ?? null,
        payment_id: d.paymentId ?? null,
        reason: d.reason ?? null,
        refund: d.refund ?? null,
        event_time: e.time,
      },
    };
  }

  payment(
    e: EventMeta,
    d: { paymentId: string; amount: number; currency: string; reference: string; reason?: string },
  ): FactRow {
    return {
      table: 'payment_facts',
      values: {
        event_id: e.id,
        topic: e.type,
        payment_id: d.paymentId,
        booking_id: this.bookingOf(d.reference),
        amount_cents: d.amount,
        currency: d.currency,
        reason: d.reason ?? null,
        event_time: e.time,
      },
    };
  }

  review(
    e: EventMeta,
    d: { reviewId: string; bookingId: string; salonId: string; userId: string; rating: number; at: string },
  ): FactRow {
    const { reviewId, bookingId, salonId, userId, rating, at } = d;
    return {
      table: 'review_facts',
      values: {
        event_id: e.id,
        review_id: reviewId,
        booking_id: bookingId,
        salon_id: salonId,
        user_id: userId,
        rating,
        occurred_at: at,
      },
    };
  }

  promotion(
    e: EventMeta,
    d: { promotionId: string; salonId: string; name: string; discountPercent: number; validTo: string; at: string },
  ): FactRow {
    return {
      table: 'promotion_facts',
      values: {
        event_id: e.id,
        promotion_id: d.promotionId,
        salon_id: d.salonId,
        name: d.name,
        discount_percent: d.discountPercent,
        valid_to: d.validTo,
        occurred_at: d.at,
      },
    };
  }

  salonChange(e: EventMeta, d: { salonId: string; change: string; at: string }): FactRow {
    return {
      table: 'salon_change_facts',
      values: { event_id: e.id, salon_id: d.salonId, change: d.change, occurred_at: d.at },
    };
  }

  /** InStudio charges carry `booking:<id>`; other systems' payments match no booking. */
  bookingOf(reference: string): string | null {
    return BOOKING_REFERENCE.exec(reference)?.[1]?.toLowerCase() ?? null;
  }
}
