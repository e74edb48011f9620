import type { Locale } from '@coordina/identity/contracts';
import type { Logger, PriorityLevel, PriorityQueue, Tx } from '@coordina/platform';
import { EmailsRepository } from '../db/emails.repository';
import { NotificationsRepository } from '../db/notifications.repository';
import { RecipientsRepository } from '../db/recipients.repository';
import { DeliveryPlan } from '../domain/delivery.plan';
import { EMAIL_QUEUE, type EmailJob } from '../domain/email.job';
import type { Message } from '../domain/message';
import { readerLocale } from '../domain/message.templates';

export interface NotifyOptions {
  /** The address to email; by default the user's known one. */
  to?: string;
  /** How soon the email goes out (default normal). */
  priority?: PriorityLevel;
}

/**
 * Writes one message to a user's feed and, when it has an email part, records the email and
 * queues its job (EMAIL_QUEUE), all in the caller's transaction. The unique event id on both
 * tables makes it exactly-once: a duplicate records nothing and queues nothing.
 */
export class Notifier {
  readonly #feed = new NotificationsRepository();
  readonly #emails = new EmailsRepository();
  readonly #recipients = new RecipientsRepository();
  readonly #plan = new DeliveryPlan();

  constructor(
    private readonly log: Logger,
    private readonly queue: PriorityQueue,
  ) {}

  async notify(tx: Tx, userId: string, eventId: string, m: Message, o: NotifyOptions = {}): Promise<void> {
    if (!m.emailOnly) await this.#feed.add(tx, userId, eventId, m);
    if (!m.email) return;
    const to = o.to ?? (await this.#recipients.find(tx, userId))?.email;
    if (!to) {
      // An account this service never heard of (registered before it existed): feed only.
      this.log.warn({ userId, eventId, kind: m.kind }, 'no email address known for user; email skipped');
      return;
    }
    const level = o.priority ?? 'normal';
    const id = await this.#emails.add(tx, { eventId, to, ...m.email, priority: this.#plan.emailPriority(level) });
    if (id) await this.queue.send<EmailJob>(EMAIL_QUEUE, { emailId: id }, { priority: level, singletonKey: id, tx });
  }

  /** A known user's language (Spanish when unknown). */
  async localeOf(tx: Tx, userId: string): Promise<Locale> {
    return readerLocale((await this.#recipients.find(tx, userId))?.locale);
  }

  /** Renders a message in the user's language and notifies them. */
  async notifyUser(
    tx: Tx,
    userId: string,
    eventId: string,
    render: (locale: Locale) => Message,
    priority?: PriorityLevel,
  ): Promise<void> {
    const r = await this.#recipients.find(tx, userId);
    await this.notify(tx, userId, eventId, render(readerLocale(r?.locale)), { to: r?.email, priority });
  }
}
