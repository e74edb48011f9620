import type { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import type { PromocionPublicada } from '@coordina/instudio-salons/contracts';
import type { EventData, PriorityQueue, Tx } from '@coordina/platform';
import { DELIVERY_QUEUE } from '../domain/delivery.job';
import type { BookingDelivery, PromotionDelivery } from './instudio.deliveries';
import { InstudioPlan } from './instudio.plan';

/**
 * Puts InStudio's deliveries on the delivery queue inside the consumer's transaction: a
 * booking's confirmation (urgent when it starts soon) and its reminders (due 24 h and 2 h
 * before), and promotion announcements by expiry. Singleton keys make a redelivered event a no-op.
 */
export class InstudioScheduler {
  readonly plan = new InstudioPlan();

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
    await this.queue.sendMany<BookingDelivery>(
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
    const data: PromotionDelivery = {
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
}
