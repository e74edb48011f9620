import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ResenaPublicada } from '../contracts/events';
import type { CreateReviewBody, ReplyBody, ReviewPage, ReviewsQuery, ReviewView } from '../contracts/review.dto';
import { BookingsRepository } from '../db/bookings.repository';
import { ReviewsRepository } from '../db/reviews.repository';
import { toReviewView } from './review-view.mapper';
import { SalonsClient } from './salons.client';

/** Reviews of completed bookings and the salons' replies. */
@Injectable()
export class ReviewsService {
  readonly #reviews = new ReviewsRepository();
  readonly #bookings = new BookingsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly salons: SalonsClient,
  ) {}

  /** One statement inserts the review only for a completed booking of the caller, once. */
  async review(user: AuthUser, bookingId: string, body: CreateReviewBody): Promise<ReviewView> {
    const created = await this.ctx.db.transaction(async (tx) => {
      const r = await this.#reviews.insertForCompleted(tx, { id: randomUUID(), bookingId, userId: user.id, ...body });
      if (!r) return undefined;
      await this.ctx.bus.publish(tx, ResenaPublicada, {
        reviewId: r.id,
        bookingId: r.bookingId,
        salonId: r.salonId,
        userId: r.userId,
        rating: r.rating,
        text: r.text,
        at: new Date(r.createdAt).toISOString(),
      });
      return r;
    });
    if (created) return toReviewView(created);
    const b = await this.#bookings.find(this.ctx.db.db, bookingId);
    if (!b) throw new AppError('NOT_FOUND', `booking ${bookingId} not found`);
    if (b.userId !== user.id) throw new AppError('FORBIDDEN', 'only the client who booked may review it');
    if (b.status !== 'COMPLETED')
      throw new AppError('INVALID_STATE', `only a COMPLETED booking can be reviewed (it is ${b.status})`);
    throw new AppError('CONFLICT', 'this booking already has a review');
  }

  async list(salonId: string, q: ReviewsQuery): Promise<ReviewPage> {
    const { items, total } = await this.#reviews.listForSalon(this.ctx.db.db, salonId, q.page, q.pageSize);
    return { items: items.map(toReviewView), total, page: q.page, pageSize: q.pageSize };
  }

  /** The salon's admin (or a platform admin) replies once; a second reply is a conflict. */
  async reply(user: AuthUser, reviewId: string, body: ReplyBody): Promise<ReviewView> {
    const review = await this.#reviews.find(this.ctx.db.db, reviewId);
    if (!review) throw new AppError('NOT_FOUND', `review ${reviewId} not found`);
    if (!user.roles.includes('platform_admin')) {
      const salon = await this.salons.get(review.salonId);
      if (salon?.adminUserId !== user.id) throw new AppError('FORBIDDEN', "only the salon's admin may reply");
    }
    const replied = await this.#reviews.reply(this.ctx.db.db, reviewId, user.id, body.text);
    if (!replied) throw new AppError('CONFLICT', 'this review already has a reply');
    return toReviewView(replied);
  }
}
