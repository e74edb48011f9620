import type { NotificationKind } from '../contracts/notifications.dto';

/** What one event tells a user: an in-app notification and, for some, an email. */
export interface Message {
  kind: NotificationKind;
  title: string;
  body: string;
  /**
   * `body` is what is stored and listed; when the email carries a one-time secret it shows
   * `REDACTED` instead, and `sealedBody` (identity's `MailSecrets`, bound to the recipient)
   * holds the real body, opened only when the email is handed to SMTP or the mailbox.
   */
  email?: { subject: string; body: string; sealedBody?: string };
  /** Secrets (codes, reset links) go by email only, never to the in-app feed. */
  emailOnly?: boolean;
}
