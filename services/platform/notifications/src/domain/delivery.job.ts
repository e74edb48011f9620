/** The queue every user-facing delivery goes through, so they compete by priority. */
export const DELIVERY_QUEUE = 'notifications.deliver';

export type ReminderKind = 'reminder_24h' | 'reminder_2h';

/** A booking message: the confirmation, or a reminder before the start. */
export interface BookingDelivery {
  type: 'booking';
  kind: 'confirmation' | ReminderKind;
  /** `<bookingId>:<kind>`: the job's singleton key and the notification's identity. */
  key: string;
  bookingId: string;
  userId: string;
  start: string;
  price?: number;
}

/** A promotion announced to every known user. */
export interface PromotionDelivery {
  type: 'promotion';
  key: string;
  promotionId: string;
  salonName: string;
  name: string;
  discountPercent: number;
  validTo: string;
}

export type DeliveryJob = BookingDelivery | PromotionDelivery;
