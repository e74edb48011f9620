import type { NotificationKind } from '../contracts/notifications.dto';

/** What one event tells a user: an in-app notification and, for some, an email. */
export interface Message {
  kind: NotificationKind;
  title: string;
  body: string;
  email?: { subject: string; body: string };
  /** Secrets (codes, reset links) go by email only, never to the in-app feed. */
  emailOnly?: boolean;
}
