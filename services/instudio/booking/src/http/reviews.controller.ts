import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CreateReviewBody, ReplyBody, type ReviewPage, ReviewsQuery, type ReviewView } from '../contracts/review.dto';
import { ReviewsService } from './reviews.service';

@Controller('api/instudio')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post('bookings/:id/review')
  @HttpCode(201)
  review(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(CreateReviewBody)) body: CreateReviewBody,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.reviews.review(user, p.id, body);
  }

  @Get('salons/:id/reviews')
  list(@Param(zod(IdParams)) p: { id: string }, @Query(zod(ReviewsQuery)) q: ReviewsQuery): Promise<ReviewPage> {
    return this.reviews.list(p.id, q);
  }

  @Post('reviews/:id/reply')
  @HttpCode(201)
  reply(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(ReplyBody)) body: ReplyBody,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.reviews.reply(user, p.id, body);
  }
}
