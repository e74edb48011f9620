import { backoffRetry, type QueueJob, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CommunitySettings } from '../community.settings';
import { ReviewCache } from '../db/review.cache';
import { ReviewsRepository } from '../db/reviews.repository';
import { Blacklist } from '../domain/moderation.rules';
import { MODERATION_QUEUE, type ModerationJob, ReviewEvents } from './review.events';

/** Five attempts, 1 s doubling up to a minute apart, then the dead letters; hung after 60 s. */
const MODERATION_RETRY = backoffRetry({ attempts: 5, firstDelaySeconds: 1, maxDelaySeconds: 60, hungAfterSeconds: 60 });

/**
 * The asynchronous moderation of reviews (the platform queue, decision 0036): a pending
 * review's version is approved (public, resena.aprobada) or, with a blacklisted word,
 * flagged for the moderators' queue. The update names the status and version it expects,
 * so a job run twice, or one for a version an edit replaced, changes nothing.
 */
@Injectable()
export class ModerationWorker implements OnModuleInit {
  readonly #reviews = new ReviewsRepository();
  readonly #blacklist: Blacklist;
  readonly #cache: ReviewCache;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly events: ReviewEvents,
    settings: CommunitySettings,
  ) {
    this.#blacklist = new Blacklist(settings.blacklist);
    this.#cache = new ReviewCache(ctx.cache);
  }

  async onModuleInit(): Promise<void> {
    await this.ctx.queue.define(MODERATION_QUEUE, MODERATION_RETRY);
    await this.ctx.queue.work<ModerationJob>(MODERATION_QUEUE, (job) => this.moderate(job), { concurrency: 4 });
  }

  async moderate(job: QueueJob<ModerationJob>): Promise<void> {
    const { reviewId, version } = job.data;
    const approved = await this.ctx.db.transaction(async (tx) => {
      const review = await this.#reviews.find(tx, reviewId);
      if (!review || review.version !== version || review.status !== 'pending') return undefined;
      const decision = this.#blacklist.decide(review.text);
      const note = decision.status === 'flagged' ? `blacklisted: ${decision.words.join(', ')}` : null;
      const decided = await this.#reviews.decide(tx, reviewId, ['pending'], decision.status, note, version);
      if (decided?.status === 'approved') await this.events.approved(tx, decided);
      return decided?.status === 'approved' ? decided : undefined;
    });
    if (approved) await this.#cache.invalidate(approved.productId);
  }
}
