import { SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ResenaAprobada, ResenaRetirada } from '../contracts/events';
import type { ReviewView } from '../contracts/reviews.dto';
import { PurchasesRepository } from '../db/purchases.repository';

/** The moderation job queue: one job per review version (decision 0036). */
export const MODERATION_QUEUE = 'gamevault-community.moderate';

export interface ModerationJob {
  reviewId: string;
  version: number;
}

/**
 * What a review's changes tell others, in the transaction that makes them: a new version to
 * moderate (a job), an approval (resena.aprobada), an approved review leaving (resena.retirada).
 */
@Injectable()
export class ReviewEvents {
  readonly #purchases = new PurchasesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async moderate(tx: Tx, review: { id: string; version: number }): Promise<void> {
    await this.ctx.queue.send<ModerationJob>(
      MODERATION_QUEUE,
      { reviewId: review.id, version: review.version },
      { tx, singletonKey: `${review.id}:${review.version}` },
    );
  }

  async approved(tx: Tx, review: ReviewView): Promise<void> {
    await this.ctx.bus.publish(tx, ResenaAprobada, {
      reviewId: review.id,
      productId: review.productId,
      authorId: review.authorId,
      sellerId: await this.#purchases.sellerOf(tx, review.productId),
      rating: review.rating,
      at: review.updatedAt,
    });
  }

  async withdrawn(tx: Tx, review: ReviewView, reason: 'edited' | 'deleted'): Promise<void> {
    await this.ctx.bus.publish(tx, ResenaRetirada, {
      reviewId: review.id,
      productId: review.productId,
      reason,
      at: new Date().toISOString(),
    });
  }
}
