import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelsSettings } from '../channels.settings';
import { PublicacionNotificada } from '../contracts/events';
import { NotificationsRepository } from '../db/notifications.repository';

/** The ChannelsQueue: a post's fan-out to its subscribers, one job per batch (decision 0085). */
export const FANOUT_QUEUE = 'chat-channels.fanout';

/** One batch of a post's fan-out: the subscribers after `after` (by id). */
export interface FanoutJob {
  postId: string;
  channelId: string;
  channelTitle: string;
  excerpt: string;
  after: string | null;
  batch: number;
}

/** The job key of a post's batch: one job per batch, however often it is sent. */
export const fanoutKey = (postId: string, batch: number): string => `fanout:${postId}:${batch}`;

/**
 * Works the ChannelsQueue. Each job, in one transaction: reads the next batch of subscribers to
 * notify, records them (a retried job records no one twice and publishes only those new),
 * publishes one `publicacion.notificada` for them and sends the next batch's job. The author's
 * request wrote the post and the first job only.
 */
@Injectable()
export class FanoutWorker implements OnModuleInit {
  readonly #notifications = new NotificationsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: ChannelsSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ctx.queue.define(FANOUT_QUEUE, { retryLimit: 10, retryDelaySeconds: 1, expireInSeconds: 120 });
    await this.ctx.queue.work<FanoutJob>(FANOUT_QUEUE, (job) => this.run(job.data), { concurrency: 2 });
  }

  async run(job: FanoutJob): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const users = await this.#notifications.batch(tx, job.channelId, job.after, this.settings.fanoutBatch);
      const told = users.length > 0 ? await this.#notifications.record(tx, job.postId, users) : [];
      if (told.length > 0)
        await this.ctx.bus.publish(tx, PublicacionNotificada, {
          postId: job.postId,
          channelId: job.channelId,
          channelTitle: job.channelTitle,
          excerpt: job.excerpt,
          userIds: told,
          batch: job.batch,
          at: new Date().toISOString(),
        });
      const last = users.at(-1);
      if (last && users.length === this.settings.fanoutBatch) {
        const next: FanoutJob = { ...job, after: last, batch: job.batch + 1 };
        await this.ctx.queue.send(FANOUT_QUEUE, next, { singletonKey: fanoutKey(job.postId, next.batch), tx });
      }
    });
  }
}
