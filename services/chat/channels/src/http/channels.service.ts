import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type {
  ChannelCreated,
  ChannelList,
  ChannelListQuery,
  ChannelView,
  CreateChannelBody,
  FeedPage,
  PostCreated,
  PostsPage,
  PostsQuery,
} from '../contracts/channels.dto';
import { ChannelsErrors } from '../contracts/channels.errors';
import { CanalCreado, PublicacionCreada } from '../contracts/events';
import { ChannelsRepository } from '../db/channels.repository';
import { excerpt } from '../domain/excerpt';
import { FANOUT_QUEUE, type FanoutJob, fanoutKey } from '../events/fanout.worker';

export const channelNotFound = (id: string): AppError => new AppError('NOT_FOUND', `channel ${id} not found`);

/** Channels, their posts and the caller's feed. */
@Injectable()
export class ChannelsService {
  readonly #channels = new ChannelsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async create(user: AuthUser, body: CreateChannelBody): Promise<ChannelCreated> {
    const id = randomUUID();
    await this.ctx.db.transaction(async (tx) => {
      await this.#channels.insert(tx, id, user.id, body);
      await this.ctx.bus.publish(tx, CanalCreado, {
        channelId: id,
        ownerId: user.id,
        title: body.title,
        monthlyPriceCents: body.monthlyPriceCents ?? null,
        at: new Date().toISOString(),
      });
    });
    return { id };
  }

  async list(user: AuthUser, query: ChannelListQuery): Promise<ChannelList> {
    return { items: await this.#channels.views(this.ctx.db.db, user.id, { limit: query.limit }) };
  }

  async detail(user: AuthUser, id: string): Promise<ChannelView> {
    const [found] = await this.#channels.views(this.ctx.db.db, user.id, { id, limit: 1 });
    if (!found) throw channelNotFound(id);
    return found;
  }

  /**
   * The owner's post: one insert, its `publicacion.creada` in the outbox and the fan-out's
   * first job in the same transaction; subscribers are told by the ChannelsQueue (decision 0085).
   */
  async publish(user: AuthUser, channelId: string, text: string): Promise<PostCreated> {
    const post = await this.ctx.db.transaction(async (tx) => {
      const stored = await this.#channels.insertPost(tx, randomUUID(), channelId, user.id, text);
      if (!stored) return undefined;
      const { channelTitle, ...view } = stored;
      await this.ctx.bus.publish(tx, PublicacionCreada, { post: view, channelTitle, at: view.createdAt });
      const job: FanoutJob = {
        postId: view.id,
        channelId,
        channelTitle,
        excerpt: excerpt(view.text),
        after: null,
        batch: 0,
      };
      await this.ctx.queue.send(FANOUT_QUEUE, job, { singletonKey: fanoutKey(view.id, 0), tx });
      return view;
    });
    if (post) return { id: post.id, createdAt: post.createdAt };
    if (!(await this.#channels.find(this.ctx.db.db, channelId))) throw channelNotFound(channelId);
    throw new AppError(ChannelsErrors.NOT_CHANNEL_OWNER, `only the owner of channel ${channelId} posts in it`);
  }

  /** A page of posts for whoever may read them: a paid channel refuses non-payers with a 402. */
  async posts(user: AuthUser, channelId: string, query: PostsQuery): Promise<PostsPage> {
    const db = this.ctx.db.db;
    if (!(await this.#channels.mayRead(db, channelId, user.id))) {
      if (!(await this.#channels.find(db, channelId))) throw channelNotFound(channelId);
      throw new AppError(
        ChannelsErrors.CHANNEL_SUBSCRIPTION_REQUIRED,
        `channel ${channelId} is paid: its posts are for subscribers with a paid period`,
      );
    }
    const rows = await this.#channels.posts(db, channelId, query.before, query.limit);
    return { items: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
  }

  async feed(user: AuthUser, query: PostsQuery): Promise<FeedPage> {
    const rows = await this.#channels.feed(this.ctx.db.db, user.id, query.before, query.limit);
    return { items: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
  }

  async seen(user: AuthUser, upTo: string): Promise<void> {
    await this.#channels.markSeen(this.ctx.db.db, user.id, upTo);
  }
}
