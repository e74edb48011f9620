import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationsRepository } from '../db/notifications.repository';
import { deliveryId } from '../domain/delivery.id';
import { DELIVERY_QUEUE, type DeliveryJob } from '../domain/delivery.job';
import { MessageTemplates } from '../domain/message.templates';
import { Notifier } from './notifier';

/**
 * Runs the delivery queue: each job becomes in-app notifications and queued emails, written
 * in one transaction under ids derived from the job's key, so a retried job writes once.
 */
@Injectable()
export class DeliveryWorker implements OnModuleInit {
  readonly #feed = new NotificationsRepository();
  readonly #templates = new MessageTemplates();
  readonly #notifier: Notifier;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#notifier = new Notifier(ctx.log);
  }

  async onModuleInit(): Promise<void> {
    await this.ctx.queue.work<DeliveryJob>(DELIVERY_QUEUE, (job) => this.deliver(job.data), { concurrency: 4 });
  }

  async deliver(d: DeliveryJob): Promise<void> {
    const t = this.#templates;
    await this.ctx.db.transaction(async (tx) => {
      if (d.type === 'promotion') {
        await this.#feed.broadcast(tx, d.key, t.promotion(d));
        return;
      }
      const m =
        d.kind === 'confirmation'
          ? t.bookingConfirmed({ start: d.start, price: d.price ?? 0 })
          : t.bookingReminder({ start: d.start, hoursBefore: d.kind === 'reminder_24h' ? 24 : 2 });
      await this.#notifier.notify(tx, d.userId, deliveryId(d.key), m);
    });
  }
}
