import { UserRegistered } from '@coordina/identity/contracts';
import { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import { PagoFallido, PagoReembolsado } from '@coordina/payments/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EmailsRepository } from '../db/emails.repository';
import { NotificationsRepository } from '../db/notifications.repository';
import { RecipientsRepository } from '../db/recipients.repository';
import type { Message } from '../domain/message';
import { MessageTemplates } from '../domain/message.templates';

/**
 * Turns events into in-app notifications and queued emails, in the consumer's transaction.
 * The unique event id on both tables (and the platform's inbox) makes each effect exactly-once.
 */
@Injectable()
export class NotificationsConsumer implements OnModuleInit {
  readonly #feed = new NotificationsRepository();
  readonly #emails = new EmailsRepository();
  readonly #recipients = new RecipientsRepository();
  readonly #templates = new MessageTemplates();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    const t = this.#templates;
    this.ctx.bus.subscribe({
      group: 'notifications.feed',
      handlers: [
        on(UserRegistered, async (d, event, tx) => {
          await this.#recipients.upsert(tx, { userId: d.userId, email: d.email, name: d.name });
          await this.#notify(tx, d.userId, event.id, t.welcome(d), d.email);
        }),
        on(ReservaConfirmada, (d, event, tx) => this.#notify(tx, d.userId, event.id, t.bookingConfirmed(d))),
        on(ReservaCancelada, (d, event, tx) => this.#notify(tx, d.userId, event.id, t.bookingCancelled(d))),
        on(PagoReembolsado, (d, event, tx) => this.#notify(tx, d.userId, event.id, t.paymentRefunded(d))),
        on(PagoFallido, (d, event, tx) => this.#notify(tx, d.userId, event.id, t.paymentFailed(d))),
      ],
    });
  }

  async #notify(tx: Tx, userId: string, eventId: string, m: Message, email?: string): Promise<void> {
    await this.#feed.add(tx, userId, eventId, m);
    if (!m.email) return;
    const to = email ?? (await this.#recipients.find(tx, userId))?.email;
    if (!to) {
      // An account this service never heard of (registered before it existed): feed only.
      this.ctx.log.warn({ userId, eventId, kind: m.kind }, 'no email address known for user; email skipped');
      return;
    }
    await this.#emails.enqueue(tx, { eventId, to, subject: m.email.subject, body: m.email.body });
  }
}
