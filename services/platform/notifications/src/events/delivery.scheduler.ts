import type { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import type { PromocionPublicada } from '@coordina/instudio-salons/contracts';
import type { EventData, PriorityQueue, Tx } from '@coordina/platform';
import { type BookingDelivery, DELIVERY_QUEUE, type DeliveryJob, type MessageDelivery } from '../domain/delivery.job';
import { DeliveryPlan, type MessageCategory } from '../domain/delivery.plan';

/**
 * Puts deliveries on the priority queue inside the consumer's transaction: a booking's
 * confirmation (urgent when it starts soon) and its reminders (due 24 h and 2 h before),
 * promotion announcements by expiry, and rendered messages by category (security, ticket,
 * notice, marketing). Singleton keys make a redelivered event a no-op.
 */
export class DeliveryScheduler {
  readonly plan = new DeliveryPlan();

  constructor(private readonly queue: PriorityQueue) {}

  async bookingConfirmed(tx: Tx, d: EventData<typeof ReservaConfirmada>, now = new Date()): Promise<void> {
    const start = new Date(d.start);
    const job = (kind: BookingDelivery['kind']): BookingDelivery => ({
      type: 'booking',
      kind,
      key: `${d.bookingId}:${kind}`,
      bookingId: d.bookingId,
      userId: d.userId,
      start: d.start,
      price: d.price,
    });
    const confirmation = job('confirmation');
    await this.queue.sendMany<DeliveryJob>(
      DELIVERY_QUEUE,
      [
        { data: confirmation, priority: this.plan.bookingLevel(start, now), singletonKey: confirmation.key },
        ...this.plan.reminders(start, now).map((r) => {
          const reminder = job(r.kind);
          return { data: reminder, priority: 'urgent' as const, startAfter: r.at, singletonKey: reminder.key };
        }),
      ],
      tx,
    );
  }

  /** Pending reminders of a cancelled booking never go out. */
  async bookingCancelled(tx: Tx, d: EventData<typeof ReservaCancelada>): Promise<void> {
    for (const kind of this.plan.reminderKinds()) await this.queue.cancel(DELIVERY_QUEUE, `${d.bookingId}:${kind}`, tx);
  }

  async promotionPublished(tx: Tx, d: EventData<typeof PromocionPublicada>, now = new Date()): Promise<void> {
    const level = this.plan.promotionLevel(d.validTo, now);
    if (!level) return;
    const key = `promotion:${d.promotionId}`;
    const data: DeliveryJob = {
      type: 'promotion',
      key,
      promotionId: d.promotionId,
      salonName: d.salonName,
      name: d.name,
      discountPercent: d.discountPercent,
      validTo: d.validTo,
    };
    await this.queue.send(DELIVERY_QUEUE, data, { priority: level, singletonKey: key, tx });
  }

  /** A rendered message for one event, at its category's priority. */
  async message(tx: Tx, category: MessageCategory, m: Omit<MessageDelivery, 'type' | 'key'>): Promise<void> {
    const key = `event:${m.id}`;
    const data: DeliveryJob = { type: 'message', key, ...m };
    await this.queue.send(DELIVERY_QUEUE, data, { priority: this.plan.level(category), singletonKey: key, tx });
  }
}
