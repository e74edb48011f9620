import type { Message } from './message';

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

/**
 * A message already rendered in its reader's language (access and MusicFest events). Its
 * email goes to `to` when given (access emails: the address in the event), else to the
 * user's known address; secrets stay out of the feed (`message.emailOnly`).
 */
export interface MessageDelivery {
  type: 'message';
  /** `event:<eventId>`: the job's singleton key. */
  key: string;
  /** The notification's and the email's unique id (the event's id). */
  id: string;
  userId: string;
  to?: string;
  message: Message;
}

export type DeliveryJob = BookingDelivery | PromotionDelivery | MessageDelivery;
