import {
  type AuthUser,
  CachedAnswer,
  CurrentUser,
  Endpoint,
  Input,
  type InputOf,
  type JsonBody,
  type RouteKey,
} from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { communityRoutes } from '../contracts/community.routes';
import type {
  HelpfulVote,
  MyReview,
  ReplyPage,
  ReplyView,
  ReviewPage,
  ReviewView,
  SellerRating,
} from '../contracts/reviews.dto';
import { RepliesService } from './replies.service';
import { ReviewsService } from './reviews.service';

type In<K extends RouteKey<typeof communityRoutes>> = InputOf<typeof communityRoutes, K>;

/** Reviews, their helpful votes and replies, and sellers' ratings. */
@Controller()
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly replies: RepliesService,
  ) {}

  @Endpoint(communityRoutes, 'POST /api/gamevault/products/:id/reviews')
  create(
    @Input() { params, body }: In<'POST /api/gamevault/products/:id/reviews'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.reviews.create(user, params.id, body);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/products/:id/reviews')
  list(@Input() { params, query }: In<'GET /api/gamevault/products/:id/reviews'>): Promise<JsonBody<ReviewPage>> {
    return this.reviews.list(params.id, query);
  }

  /** A page this process holds, answered before the framework's pipeline (decision 0124). */
  @CachedAnswer(communityRoutes, 'GET /api/gamevault/products/:id/reviews')
  listCached({
    params,
    query,
  }: In<'GET /api/gamevault/products/:id/reviews'>): Promise<JsonBody<ReviewPage> | undefined> {
    return this.reviews.cachedList(params.id, query);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/products/:id/my-review')
  mine(
    @Input() { params }: In<'GET /api/gamevault/products/:id/my-review'>,
    @CurrentUser() user: AuthUser,
  ): Promise<MyReview> {
    return this.reviews.mine(user, params.id);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/reviews/:id')
  detail(
    @Input() { params }: In<'GET /api/gamevault/reviews/:id'>,
    @CurrentUser(true) user: AuthUser | undefined,
  ): Promise<ReviewView> {
    return this.reviews.detail(params.id, user);
  }

  @Endpoint(communityRoutes, 'PATCH /api/gamevault/reviews/:id')
  update(
    @Input() { params, body }: In<'PATCH /api/gamevault/reviews/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.reviews.update(user, params.id, body);
  }

  @Endpoint(communityRoutes, 'DELETE /api/gamevault/reviews/:id')
  delete(@Input() { params }: In<'DELETE /api/gamevault/reviews/:id'>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.reviews.delete(user, params.id);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/reviews/:id/helpful')
  vote(
    @Input() { params }: In<'POST /api/gamevault/reviews/:id/helpful'>,
    @CurrentUser() user: AuthUser,
  ): Promise<HelpfulVote> {
    return this.reviews.vote(user, params.id);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/reviews/:id/replies')
  reply(
    @Input() { params, body }: In<'POST /api/gamevault/reviews/:id/replies'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReplyView> {
    return this.replies.create(user, params.id, body.text);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/reviews/:id/replies')
  replyPage(@Input() { params, query }: In<'GET /api/gamevault/reviews/:id/replies'>): Promise<ReplyPage> {
    return this.replies.list(params.id, query);
  }

  @Endpoint(communityRoutes, 'PATCH /api/gamevault/replies/:id')
  updateReply(
    @Input() { params, body }: In<'PATCH /api/gamevault/replies/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReplyView> {
    return this.replies.update(user, params.id, body.text);
  }

  @Endpoint(communityRoutes, 'DELETE /api/gamevault/replies/:id')
  deleteReply(
    @Input() { params }: In<'DELETE /api/gamevault/replies/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.replies.delete(user, params.id);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/sellers/:id/rating')
  sellerRating(@Input() { params }: In<'GET /api/gamevault/sellers/:id/rating'>): Promise<SellerRating> {
    return this.reviews.sellerRating(params.id);
  }
}
