import type { Logger, Tx } from '@coordina/platform';
import { EmailsRepository } from '../db/emails.repository';
import { NotificationsRepository } from '../db/notifications.repository';
import { RecipientsRepository } from '../db/recipients.repository';
import type { Message } from '../domain/message';

/**
 * Writes one message to a user's feed and, when it has an email part, to the email outbox,
 * in the caller's transaction. The unique event id on both tables makes it exactly-once.
 */
export class Notifier {
  readonly #feed = new NotificationsRepository();
  readonly #emails = new EmailsRepository();
  readonly #recipients = new RecipientsRepository();

  constructor(private readonly log: Logger) {}

  async notify(tx: Tx, userId: string, eventId: string, m: Message, email?: string): Promise<void> {
    await this.#feed.add(tx, userId, eventId, m);
    if (!m.email) return;
    const to = email ?? (await this.#recipients.find(tx, userId))?.email;
    if (!to) {
      // An account this service never heard of (registered before it existed): feed only.
      this.log.warn({ userId, eventId, kind: m.kind }, 'no email address known for user; email skipped');
      return;
    }
    await this.#emails.enqueue(tx, { eventId, to, subject: m.email.subject, body: m.email.body });
  }
}
