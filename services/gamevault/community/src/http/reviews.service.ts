import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, type JsonBody, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CommunityErrors } from '../contracts/community.errors';
import type {
  CreateReviewBody,
  HelpfulVote,
  MyReview,
  ReviewListQuery,
  ReviewPage,
  ReviewView,
  SellerRating,
  UpdateReviewBody,
} from '../contracts/reviews.dto';
import { PurchasesRepository } from '../db/purchases.repository';
import { ReviewCache } from '../db/review.cache';
import { type ReviewRecord, ReviewsRepository } from '../db/reviews.repository';
import { notAuthorsError } from '../db/rows';
import { isModerator } from '../domain/moderators';
import { ReviewEvents } from '../events/review.events';

const view = ({ version: _, ...review }: ReviewRecord): ReviewView => review;

/** Reviews: written by buyers, read by anyone once approved, cached per product. */
@Injectable()
export class ReviewsService {
  readonly #reviews = new ReviewsRepository();
  readonly #purchases = new PurchasesRepository();
  readonly cache: ReviewCache;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly events: ReviewEvents,
  ) {
    this.cache = new ReviewCache(ctx.cache);
  }

  /** A buyer's review, pending; its moderation job is queued in the same transaction. */
  async create(user: AuthUser, productId: string, body: CreateReviewBody): Promise<ReviewView> {
    return this.ctx.db.transaction(async (tx) => {
      const review = await this.#reviews.insert(tx, randomUUID(), productId, user.id, body);
      if (!review) {
        if (!(await this.#purchases.bought(tx, user.id, productId)))
          throw new AppError(CommunityErrors.NOT_A_BUYER, `user ${user.id} has not bought product ${productId}`);
        throw new AppError(CommunityErrors.REVIEW_EXISTS, `user ${user.id} has reviewed product ${productId} already`);
      }
      await this.events.moderate(tx, review);
      return view(review);
    });
  }

  list(productId: string, query: ReviewListQuery): Promise<JsonBody<ReviewPage>> {
    return this.cache.page(productId, query, async () => {
      const { items, total } = await this.#reviews.publicPage(this.ctx.db.db, productId, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  /** The page if it is cached in this process (the route's cached answer), else undefined. */
  cachedList(productId: string, query: ReviewListQuery): Promise<JsonBody<ReviewPage> | undefined> {
    return this.cache.cachedPage(productId, query);
  }

  /** The caller's review of the product, and whether they may write one now. */
  async mine(user: AuthUser, productId: string): Promise<MyReview> {
    const db = this.ctx.db.db;
    const [review, bought] = await Promise.all([
      this.#reviews.byAuthor(db, productId, user.id),
      this.#purchases.bought(db, user.id, productId),
    ]);
    return { canReview: bought && !review, review: review ? view(review) : null };
  }

  /** An approved review for anyone; in another status only for its author and moderators. */
  async detail(id: string, user: AuthUser | undefined): Promise<ReviewView> {
    const review = await this.#reviews.find(this.ctx.db.db, id);
    if (!review || (review.status !== 'approved' && review.authorId !== user?.id && !isModerator(user)))
      throw new AppError('NOT_FOUND', `review ${id} not found`);
    return view(review);
  }

  /** The author's change: pending again and moderated again; an approved review leaves the rating meanwhile. */
  async update(user: AuthUser, id: string, body: UpdateReviewBody): Promise<ReviewView> {
    const changed = await this.ctx.db.transaction(async (tx) => {
      const result = await this.#reviews.update(tx, id, user.id, body);
      if (!result) throw await notAuthorsError(tx, 'reviews', id);
      if (result.was === 'approved') await this.events.withdrawn(tx, result.review, 'edited');
      await this.events.moderate(tx, result.review);
      return result;
    });
    if (changed.was === 'approved') await this.cache.invalidate(changed.review.productId);
    return view(changed.review);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const gone = await this.ctx.db.transaction(async (tx) => {
      const review = await this.#reviews.delete(tx, id, user.id, isModerator(user));
      if (!review) throw await notAuthorsError(tx, 'reviews', id);
      if (review.status === 'approved') await this.events.withdrawn(tx, review, 'deleted');
      return review;
    });
    if (gone.status === 'approved') await this.cache.invalidate(gone.productId);
  }

  /** One helpful vote per user on an approved review that is not their own. */
  async vote(user: AuthUser, id: string): Promise<HelpfulVote> {
    const vote = await this.ctx.db.transaction(async (tx) => {
      const review = await this.#reviews.find(tx, id, true);
      if (review?.status !== 'approved') throw new AppError('NOT_FOUND', `review ${id} not found`);
      if (review.authorId === user.id)
        throw new AppError(CommunityErrors.OWN_REVIEW_VOTE, `review ${id} is the caller's own`);
      const helpfulCount = await this.#reviews.vote(tx, id, user.id);
      if (helpfulCount === undefined)
        throw new AppError(CommunityErrors.ALREADY_VOTED, `user ${user.id} has voted for review ${id} already`);
      return { reviewId: id, helpfulCount, productId: review.productId };
    });
    await this.cache.invalidate(vote.productId);
    return { reviewId: vote.reviewId, helpfulCount: vote.helpfulCount };
  }

  sellerRating(sellerId: string): Promise<SellerRating> {
    return this.#reviews.sellerRating(this.ctx.db.db, sellerId);
  }
}
