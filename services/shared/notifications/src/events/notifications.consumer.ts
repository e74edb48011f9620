import { UserRegistered } from '@coordina/identity/contracts';
import { PagoFallido, PagoReembolsado } from '@coordina/payments/contracts';
import { AlertaDisparada, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RecipientsRepository } from '../db/recipients.repository';
import { deliveryId } from '../domain/delivery.id';
import { MessageTemplates, readerLocale } from '../domain/message.templates';
import { platformTemplates } from '../domain/templates/platform.templates';
import { Notifier } from './notifier';
import { FEED_HANDLERS, type FeedHandlers } from './system.parts';

/**
 * The feed group: the platform's own events (registrations, payments, operations alerts) and
 * the handlers systems add to it (InStudio's bookings and promotions), turned into in-app
 * notifications and emails in the consumer's transaction. The unique event id on both tables
 * (and the platform's inbox) makes each effect exactly-once.
 */
@Injectable()
export class NotificationsConsumer implements OnModuleInit {
  readonly #recipients = new RecipientsRepository();
  readonly #texts = new MessageTemplates(platformTemplates);
  readonly #notifier: Notifier;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(FEED_HANDLERS) private readonly systems: FeedHandlers[],
  ) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
  }

  onModuleInit(): void {
    const n = this.#notifier;
    const t = this.#texts;
    this.ctx.bus.subscribe({
      group: 'notifications.feed',
      handlers: [
        on(UserRegistered, async (d, event, tx) => {
          const locale = readerLocale(d.locale);
          await this.#recipients.upsert(tx, { userId: d.userId, email: d.email, name: d.name, roles: d.roles, locale });
          await n.notify(tx, d.userId, event.id, t.in(locale).welcome(d), { to: d.email });
        }),
        on(PagoReembolsado, (d, event, tx) => n.notifyUser(tx, d.userId, event.id, (l) => t.in(l).paymentRefunded(d))),
        on(PagoFallido, (d, event, tx) => n.notifyUser(tx, d.userId, event.id, (l) => t.in(l).paymentFailed(d))),
        // Operations alerts reach every platform admin, in the feed and by email.
        on(AlertaDisparada, async (d, event, tx) => {
          for (const admin of await this.#recipients.withRole(tx, 'platform_admin')) {
            await n.notify(
              tx,
              admin.userId,
              deliveryId(`${event.id}:${admin.userId}`),
              t.in(admin.locale).operationsAlert(d),
              { to: admin.email, priority: 'high' },
            );
          }
        }),
        ...this.systems.flatMap((s) => s.handlers()),
      ],
    });
  }
}
