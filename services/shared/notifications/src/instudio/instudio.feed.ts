import { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import { PromocionPublicada } from '@coordina/instudio-salons/contracts';
import { type EventHandler, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { MessageTemplates } from '../domain/message.templates';
import { Notifier } from '../events/notifier';
import type { FeedHandlers } from '../events/system.parts';
import { InstudioScheduler } from './instudio.scheduler';
import { instudioTemplates } from './instudio.templates';

/**
 * InStudio's events in the feed group: a confirmed booking queues its confirmation and
 * reminders, a cancelled one cancels its reminders and tells the client at once, a published
 * promotion is announced to everyone.
 */
@Injectable()
export class InstudioFeed implements FeedHandlers {
  readonly #texts = new MessageTemplates(instudioTemplates);
  readonly #notifier: Notifier;
  readonly #scheduler: InstudioScheduler;

  constructor(@Inject(SERVICE_CONTEXT) ctx: ServiceContext) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
    this.#scheduler = new InstudioScheduler(ctx.queue);
  }

  handlers(): EventHandler[] {
    const n = this.#notifier;
    return [
      on(ReservaConfirmada, (d, _event, tx) => this.#scheduler.bookingConfirmed(tx, d)),
      on(ReservaCancelada, async (d, event, tx) => {
        await this.#scheduler.bookingCancelled(tx, d);
        await n.notifyUser(tx, d.userId, event.id, (l) => this.#texts.in(l).bookingCancelled(d), 'high');
      }),
      on(PromocionPublicada, (d, _event, tx) => this.#scheduler.promotionPublished(tx, d)),
    ];
  }
}
