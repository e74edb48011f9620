import { ResenaPublicada } from '@coordina/instudio-booking/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext, UnrecoverableError } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SalonesActualizaciones } from '../contracts/events';
import { ReviewsSeenRepository } from '../db/reviews-seen.repository';
import { SalonsRepository } from '../db/salons.repository';

/**
 * Counts each published review into its salon's rating exactly once: the inbox drops a
 * redelivered event, reviews_seen a second event for the same review. The rating change is
 * announced on salones.actualizaciones, which drops the cached reads of the salon.
 */
@Injectable()
export class RatingsConsumer implements OnModuleInit {
  readonly #seen = new ReviewsSeenRepository();
  readonly #salons = new SalonsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'instudio-salons.ratings',
      handlers: [
        on(ResenaPublicada, async (review, _event, tx) => {
          if (!(await this.#seen.markSeen(tx, review.reviewId, review.salonId, review.rating))) return;
          if (!(await this.#salons.addRating(tx, review.salonId, review.rating)))
            throw new UnrecoverableError(`review ${review.reviewId} names unknown salon ${review.salonId}`);
          await this.ctx.bus.publish(tx, SalonesActualizaciones, {
            salonId: review.salonId,
            change: 'rating.updated',
            at: new Date().toISOString(),
          });
        }),
      ],
    });
  }
}
