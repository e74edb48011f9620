import { Locales } from '@coordina/identity/contracts';
import { type PriorityLevel, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { NotificationsRepository } from '../db/notifications.repository';
import { deliveryId } from '../domain/delivery.id';
import type { Delivery } from '../domain/delivery.job';
import { MessageTemplates } from '../domain/message.templates';
import { Notifier } from '../events/notifier';
import type { DeliveryHandler } from '../events/system.parts';
import type { ReminderKind } from './instudio.plan';
import { instudioTemplates } from './instudio.templates';

/** A booking message: the confirmation, or a reminder before the start. */
export interface BookingDelivery extends Delivery {
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
export interface PromotionDelivery extends Delivery {
  type: 'promotion';
  key: string;
  promotionId: string;
  salonName: string;
  name: string;
  discountPercent: number;
  validTo: string;
}

/**
 * Delivers InStudio's jobs, rendered when they run: a booking's confirmation or reminder to its
 * client (in the client's language), a promotion to every known user of each language.
 */
@Injectable()
export class InstudioDeliveries implements DeliveryHandler {
  readonly types = ['booking', 'promotion'] as const;
  readonly #texts = new MessageTemplates(instudioTemplates);
  readonly #feed = new NotificationsRepository();
  readonly #notifier: Notifier;

  constructor(@Inject(SERVICE_CONTEXT) ctx: ServiceContext) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
  }

  async deliver(tx: Tx, job: Delivery, priority: PriorityLevel): Promise<void> {
    if (job.type === 'promotion') {
      const d = job as PromotionDelivery;
      for (const locale of Locales) await this.#feed.broadcast(tx, d.key, this.#texts.in(locale).promotion(d), locale);
      return;
    }
    const d = job as BookingDelivery;
    await this.#notifier.notifyUser(
      tx,
      d.userId,
      deliveryId(d.key),
      (locale) => {
        const t = this.#texts.in(locale);
        return d.kind === 'confirmation'
          ? t.bookingConfirmed({ start: d.start, price: d.price ?? 0 })
          : t.bookingReminder({ start: d.start, hoursBefore: d.kind === 'reminder_24h' ? 24 : 2 });
      },
      priority,
    );
  }
}
