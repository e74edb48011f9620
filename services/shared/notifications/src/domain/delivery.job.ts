import type { Message } from './message';

/** The queue every user-facing delivery goes through, so they compete by priority. */
export const DELIVERY_QUEUE = 'notifications.deliver';

/** What every delivery job carries: its type (which handler runs it) and its singleton key. */
export interface Delivery {
  type: string;
  key: string;
}

/**
 * A message already rendered in its reader's language (access and MusicFest events). Its
 * email goes to `to` when given (access emails: the address in the event), else to the
 * user's known address; secrets stay out of the feed (`message.emailOnly`).
 */
export interface MessageDelivery extends Delivery {
  type: 'message';
  /** `event:<eventId>`: the job's singleton key. */
  key: string;
  /** The notification's and the email's unique id (the event's id). */
  id: string;
  userId: string;
  to?: string;
  message: Message;
}
