import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { communityRoutes } from '../contracts/community.routes';
import type { PostPage, PostView, ThreadPage, ThreadView } from '../contracts/forums.dto';
import { ForumsService } from './forums.service';

type In<K extends RouteKey<typeof communityRoutes>> = InputOf<typeof communityRoutes, K>;

/** Forum threads and posts. */
@Controller()
export class ForumsController {
  constructor(private readonly forums: ForumsService) {}

  @Endpoint(communityRoutes, 'GET /api/gamevault/forums/threads')
  threads(@Input() { query }: In<'GET /api/gamevault/forums/threads'>): Promise<ThreadPage> {
    return this.forums.threads(query);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/forums/threads')
  createThread(
    @Input() { body }: In<'POST /api/gamevault/forums/threads'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ThreadView> {
    return this.forums.createThread(user, body);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/forums/threads/:id')
  thread(@Input() { params }: In<'GET /api/gamevault/forums/threads/:id'>): Promise<ThreadView> {
    return this.forums.thread(params.id);
  }

  @Endpoint(communityRoutes, 'PATCH /api/gamevault/forums/threads/:id')
  updateThread(
    @Input() { params, body }: In<'PATCH /api/gamevault/forums/threads/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ThreadView> {
    return this.forums.updateThread(user, params.id, body);
  }

  @Endpoint(communityRoutes, 'DELETE /api/gamevault/forums/threads/:id')
  deleteThread(
    @Input() { params }: In<'DELETE /api/gamevault/forums/threads/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.forums.deleteThread(user, params.id);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/forums/threads/:id/posts')
  posts(@Input() { params, query }: In<'GET /api/gamevault/forums/threads/:id/posts'>): Promise<PostPage> {
    return this.forums.posts(params.id, query);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/forums/threads/:id/posts')
  createPost(
    @Input() { params, body }: In<'POST /api/gamevault/forums/threads/:id/posts'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PostView> {
    return this.forums.createPost(user, params.id, body.body);
  }

  @Endpoint(communityRoutes, 'PATCH /api/gamevault/forums/posts/:id')
  updatePost(
    @Input() { params, body }: In<'PATCH /api/gamevault/forums/posts/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PostView> {
    return this.forums.updatePost(user, params.id, body.body);
  }

  @Endpoint(communityRoutes, 'DELETE /api/gamevault/forums/posts/:id')
  deletePost(
    @Input() { params }: In<'DELETE /api/gamevault/forums/posts/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.forums.deletePost(user, params.id);
  }
}
