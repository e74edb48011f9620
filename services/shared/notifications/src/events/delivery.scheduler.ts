import type { PriorityQueue, Tx } from '@coordina/platform';
import { DELIVERY_QUEUE, type MessageDelivery } from '../domain/delivery.job';
import { DeliveryPlan, type MessageCategory } from '../domain/delivery.plan';

/**
 * Puts rendered messages on the delivery queue inside the consumer's transaction, at their
 * category's priority (security, ticket, notice, marketing). The event id is the singleton
 * key, so a redelivered event is a no-op.
 */
export class DeliveryScheduler {
  readonly #plan = new DeliveryPlan();

  constructor(private readonly queue: PriorityQueue) {}

  async message(tx: Tx, category: MessageCategory, m: Omit<MessageDelivery, 'type' | 'key'>): Promise<void> {
    const key = `event:${m.id}`;
    const data: MessageDelivery = { type: 'message', key, ...m };
    await this.queue.send(DELIVERY_QUEUE, data, { priority: this.#plan.level(category), singletonKey: key, tx });
  }
}
