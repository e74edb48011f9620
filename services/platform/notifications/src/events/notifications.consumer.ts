import { UserRegistered } from '@coordina/identity/contracts';
import { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import { PromocionPublicada } from '@coordina/instudio-salons/contracts';
import { PagoFallido, PagoReembolsado } from '@coordina/payments/contracts';
import { AlertaDisparada, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RecipientsRepository } from '../db/recipients.repository';
import { deliveryId } from '../domain/delivery.id';
import { DeliveryScheduler } from './delivery.scheduler';
import { Notifier } from './notifier';

/**
 * Turns events into in-app notifications and queued emails, in the consumer's transaction.
 * Confirmations, reminders and promotion announcements go through the priority queue
 * (DeliveryScheduler); the rest are written here. The unique event id on both tables (and
 * the platform's inbox) makes each effect exactly-once.
 */
@Injectable()
export class NotificationsConsumer implements OnModuleInit {
  readonly #recipients = new RecipientsRepository();
  readonly #notifier: Notifier;
  readonly #scheduler: DeliveryScheduler;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
    this.#scheduler = new DeliveryScheduler(ctx.queue);
  }

  onModuleInit(): void {
    const n = this.#notifier;
    const t = n.templates;
    this.ctx.bus.subscribe({
      group: 'notifications.feed',
      handlers: [
        on(UserRegistered, async (d, event, tx) => {
          const locale = t.locale(d.locale);
          await this.#recipients.upsert(tx, { userId: d.userId, email: d.email, name: d.name, roles: d.roles, locale });
          await n.notify(tx, d.userId, event.id, t.in(locale).welcome(d), { to: d.email });
        }),
        on(ReservaConfirmada, (d, _event, tx) => this.#scheduler.bookingConfirmed(tx, d)),
        on(ReservaCancelada, async (d, event, tx) => {
          await this.#scheduler.bookingCancelled(tx, d);
          await n.notifyUser(tx, d.userId, event.id, (x) => x.bookingCancelled(d), 'high');
        }),
        on(PromocionPublicada, (d, _event, tx) => this.#scheduler.promotionPublished(tx, d)),
        on(PagoReembolsado, (d, event, tx) => n.notifyUser(tx, d.userId, event.id, (x) => x.paymentRefunded(d))),
        on(PagoFallido, (d, event, tx) => n.notifyUser(tx, d.userId, event.id, (x) => x.paymentFailed(d))),
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
      ],
    });
  }
}
