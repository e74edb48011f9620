import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CommunityErrors } from '../contracts/community.errors';
import type { CreateReportBody, ReportPage, ReportQuery, ReportView } from '../contracts/reports.dto';
import type { ModerationQuery, ReviewPage, ReviewView } from '../contracts/reviews.dto';
import { ReportsRepository } from '../db/reports.repository';
import { ReviewCache } from '../db/review.cache';
import { ReviewsRepository } from '../db/reviews.repository';
import { ReviewEvents } from '../events/review.events';

/** The moderators' side: the queue of flagged reviews, their decisions, and abuse reports. */
@Injectable()
export class ModerationService {
  readonly #reviews = new ReviewsRepository();
  readonly #reports = new ReportsRepository();
  readonly #cache: ReviewCache;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly events: ReviewEvents,
  ) {
    this.#cache = new ReviewCache(ctx.cache);
  }

  async queue(query: ModerationQuery): Promise<ReviewPage> {
    const { items, total } = await this.#reviews.byStatus(this.ctx.db.db, query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** A moderator approves a pending or flagged review: public, and resena.aprobada. */
  async approve(user: AuthUser, id: string): Promise<ReviewView> {
    const review = await this.ctx.db.transaction(async (tx) => {
      const decided = await this.#reviews.decide(tx, id, ['pending', 'flagged'], 'approved', `approved by ${user.id}`);
      if (!decided) throw await this.#notDecidable(id);
      await this.events.approved(tx, decided);
      return decided;
    });
    await this.#cache.invalidate(review.productId);
    const { version: _, ...view } = review;
    return view;
  }

  async reject(user: AuthUser, id: string, reason: string): Promise<ReviewView> {
    const decided = await this.#reviews.decide(
      this.ctx.db.db,
      id,
      ['pending', 'flagged'],
      'rejected',
      `rejected by ${user.id}: ${reason}`,
    );
    if (!decided) throw await this.#notDecidable(id);
    const { version: _, ...view } = decided;
    return view;
  }

  async report(user: AuthUser, body: CreateReportBody): Promise<ReportView> {
    const report = await this.#reports.insert(this.ctx.db.db, randomUUID(), user.id, body);
    if (report === 'missing') throw new AppError('NOT_FOUND', `${body.targetType} ${body.targetId} not found`);
    if (report === 'duplicate')
      throw new AppError(CommunityErrors.ALREADY_REPORTED, `${body.targetType} ${body.targetId} reported already`);
    return report;
  }

  async reports(query: ReportQuery): Promise<ReportPage> {
    const { items, total } = await this.#reports.page(this.ctx.db.db, query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async resolve(id: string): Promise<ReportView> {
    const report = await this.#reports.resolve(this.ctx.db.db, id);
    if (!report) throw new AppError('NOT_FOUND', `report ${id} not found`);
    return report;
  }

  async #notDecidable(id: string): Promise<AppError> {
    const review = await this.#reviews.find(this.ctx.db.db, id);
    return review
      ? new AppError('INVALID_STATE', `review ${id} is ${review.status}`)
      : new AppError('NOT_FOUND', `review ${id} not found`);
  }
}
