import { Locales } from '@coordina/identity/contracts';
import { type PriorityLevel, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationsRepository } from '../db/notifications.repository';
import { deliveryId } from '../domain/delivery.id';
import { DELIVERY_QUEUE, type DeliveryJob } from '../domain/delivery.job';
import { Notifier } from './notifier';

/**
 * Runs the delivery queue: each job becomes in-app notifications and queued emails, written
 * in one transaction under ids derived from the job's key, so a retried job writes once.
 * Emails keep the job's priority in the outbox, so they also leave in priority order.
 */
@Injectable()
export class DeliveryWorker implements OnModuleInit {
  readonly #feed = new NotificationsRepository();
  readonly #notifier: Notifier;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
  }

  async onModuleInit(): Promise<void> {
    await this.ctx.queue.work<DeliveryJob>(DELIVERY_QUEUE, (job) => this.deliver(job.data, job.priority), {
      concurrency: 4,
    });
  }

  async deliver(d: DeliveryJob, priority: PriorityLevel = 'normal'): Promise<void> {
    const n = this.#notifier;
    await this.ctx.db.transaction(async (tx) => {
      if (d.type === 'message') {
        await n.notify(tx, d.userId, d.id, d.message, { to: d.to, priority });
        return;
      }
      if (d.type === 'promotion') {
        for (const locale of Locales)
          await this.#feed.broadcast(tx, d.key, n.templates.in(locale).promotion(d), locale);
        return;
      }
      await n.notifyUser(
        tx,
        d.userId,
        deliveryId(d.key),
        (t) =>
          d.kind === 'confirmation'
            ? t.bookingConfirmed({ start: d.start, price: d.price ?? 0 })
            : t.bookingReminder({ start: d.start, hoursBefore: d.kind === 'reminder_24h' ? 24 : 2 }),
        priority,
      );
    });
  }
}
