import type { NotificationKind } from '../contracts/notifications.dto';

/** What one event tells a user: an in-app notification and, for some, an email. */
export interface Message {
  kind: NotificationKind;
  title: string;
  body: string;
  email?: { subject: string; body: string };
}
