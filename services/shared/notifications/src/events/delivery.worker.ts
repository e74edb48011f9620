import { type PriorityLevel, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DELIVERY_QUEUE, type Delivery, type MessageDelivery } from '../domain/delivery.job';
import { Notifier } from './notifier';
import { DELIVERY_HANDLERS, type DeliveryHandler } from './system.parts';

/** Deliveries a lane after the first fetches at once (each is one short transaction). */
const DELIVERY_BATCH = 8;

/**
 * Runs the delivery queue: each job becomes in-app notifications and emails (each email with
 * its job on EMAIL_QUEUE), written in one transaction under ids derived from the job's key, so
 * a retried job writes once. Rendered messages are delivered here; other types by the handler
 * their system registered (InStudio's bookings and promotions).
 */
@Injectable()
export class DeliveryWorker implements OnModuleInit {
  readonly #notifier: Notifier;
  readonly #handlers = new Map<string, DeliveryHandler>();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(DELIVERY_HANDLERS) handlers: DeliveryHandler[],
  ) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
    for (const h of handlers) for (const type of h.types) this.#handlers.set(type, h);
  }

  async onModuleInit(): Promise<void> {
    // A rush's purchases and waitlist places each make a delivery: the lanes after the first fetch
    // and complete them in batches (decision 0140); the first still takes the most urgent alone.
    await this.ctx.queue.work<Delivery>(DELIVERY_QUEUE, (job) => this.deliver(job.data, job.priority), {
      concurrency: 4,
      batchSize: DELIVERY_BATCH,
    });
  }

  async deliver(d: Delivery, priority: PriorityLevel = 'normal'): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      if (d.type === 'message') {
        const m = d as MessageDelivery;
        await this.#notifier.notify(tx, m.userId, m.id, m.message, { to: m.to, priority });
        return;
      }
      const handler = this.#handlers.get(d.type);
      if (!handler) throw new Error(`no handler for deliveries of type ${d.type}`);
      await handler.deliver(tx, d, priority);
    });
  }
}
