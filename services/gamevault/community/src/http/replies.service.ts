import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, type PageRequest, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { ReplyPage, ReplyView } from '../contracts/reviews.dto';
import { RepliesRepository } from '../db/replies.repository';
import { ReviewCache } from '../db/review.cache';
import { ReviewsRepository } from '../db/reviews.repository';
import { notAuthorsError } from '../db/rows';
import { isModerator } from '../domain/moderators';

/** Replies to approved reviews (a review's reply count is in its cached pages). */
@Injectable()
export class RepliesService {
  readonly #replies = new RepliesRepository();
  readonly #reviews = new ReviewsRepository();
  readonly #cache: ReviewCache;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#cache = new ReviewCache(ctx.cache);
  }

  async create(user: AuthUser, reviewId: string, text: string): Promise<ReplyView> {
    const reply = await this.#replies.insert(this.ctx.db.db, randomUUID(), reviewId, user.id, text);
    if (!reply) throw new AppError('NOT_FOUND', `review ${reviewId} not found`);
    await this.#invalidate(reply.reviewId);
    return reply;
  }

  async list(reviewId: string, p: PageRequest): Promise<ReplyPage> {
    const { items, total } = await this.#replies.page(this.ctx.db.db, reviewId, p);
    return { items, total, page: p.page, pageSize: p.pageSize };
  }

  async update(user: AuthUser, id: string, text: string): Promise<ReplyView> {
    const reply = await this.#replies.update(this.ctx.db.db, id, user.id, text);
    if (!reply) throw await notAuthorsError(this.ctx.db.db, 'review_replies', id);
    return reply;
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const reply = await this.#replies.delete(this.ctx.db.db, id, user.id, isModerator(user));
    if (!reply) throw await notAuthorsError(this.ctx.db.db, 'review_replies', id);
    await this.#invalidate(reply.reviewId);
  }

  async #invalidate(reviewId: string): Promise<void> {
    const review = await this.#reviews.find(this.ctx.db.db, reviewId);
    if (review) await this.#cache.invalidate(review.productId);
  }
}
