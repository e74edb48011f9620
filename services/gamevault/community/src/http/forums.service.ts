import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, type PageRequest, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateThreadBody,
  PostPage,
  PostView,
  ThreadPage,
  ThreadQuery,
  ThreadView,
  UpdateThreadBody,
} from '../contracts/forums.dto';
import { ForumsRepository } from '../db/forums.repository';
import { notAuthorsError } from '../db/rows';
import { isModerator } from '../domain/moderators';

/** Forums: threads per product or general, and their posts; authors edit and delete their own. */
@Injectable()
export class ForumsService {
  readonly #forums = new ForumsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  createThread(user: AuthUser, body: CreateThreadBody): Promise<ThreadView> {
    return this.#forums.insertThread(this.ctx.db.db, randomUUID(), user.id, body);
  }

  async threads(query: ThreadQuery): Promise<ThreadPage> {
    const { items, total } = await this.#forums.threads(this.ctx.db.db, query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async thread(id: string): Promise<ThreadView> {
    const thread = await this.#forums.thread(this.ctx.db.db, id);
    if (!thread) throw new AppError('NOT_FOUND', `thread ${id} not found`);
    return thread;
  }

  async updateThread(user: AuthUser, id: string, body: UpdateThreadBody): Promise<ThreadView> {
    const thread = await this.#forums.updateThread(this.ctx.db.db, id, user.id, body);
    if (!thread) throw await notAuthorsError(this.ctx.db.db, 'forum_threads', id);
    return thread;
  }

  async deleteThread(user: AuthUser, id: string): Promise<void> {
    if (!(await this.#forums.deleteThread(this.ctx.db.db, id, user.id, isModerator(user))))
      throw await notAuthorsError(this.ctx.db.db, 'forum_threads', id);
  }

  async createPost(user: AuthUser, threadId: string, body: string): Promise<PostView> {
    const post = await this.#forums.insertPost(this.ctx.db.db, randomUUID(), threadId, user.id, body);
    if (!post) throw new AppError('NOT_FOUND', `thread ${threadId} not found`);
    return post;
  }

  async posts(threadId: string, p: PageRequest): Promise<PostPage> {
    await this.thread(threadId);
    const { items, total } = await this.#forums.posts(this.ctx.db.db, threadId, p);
    return { items, total, page: p.page, pageSize: p.pageSize };
  }

  async updatePost(user: AuthUser, id: string, body: string): Promise<PostView> {
    const post = await this.#forums.updatePost(this.ctx.db.db, id, user.id, body);
    if (!post) throw await notAuthorsError(this.ctx.db.db, 'forum_posts', id);
    return post;
  }

  async deletePost(user: AuthUser, id: string): Promise<void> {
    if (!(await this.#forums.deletePost(this.ctx.db.db, id, user.id, isModerator(user))))
      throw await notAuthorsError(this.ctx.db.db, 'forum_posts', id);
  }
}
