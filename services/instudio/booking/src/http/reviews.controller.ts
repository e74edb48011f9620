import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { bookingRoutes } from '../contracts/booking.routes';
import type { ReviewPage, ReviewView } from '../contracts/review.dto';
import { ReviewsService } from './reviews.service';

@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Endpoint(bookingRoutes, 'POST /api/instudio/bookings/:id/review')
  review(
    @Input() { params, body }: InputOf<typeof bookingRoutes, 'POST /api/instudio/bookings/:id/review'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.reviews.review(user, params.id, body);
  }

  @Endpoint(bookingRoutes, 'GET /api/instudio/salons/:id/reviews')
  list(
    @Input() { params, query }: InputOf<typeof bookingRoutes, 'GET /api/instudio/salons/:id/reviews'>,
  ): Promise<ReviewPage> {
    return this.reviews.list(params.id, query);
  }

  @Endpoint(bookingRoutes, 'POST /api/instudio/reviews/:id/reply')
  reply(
    @Input() { params, body }: InputOf<typeof bookingRoutes, 'POST /api/instudio/reviews/:id/reply'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.reviews.reply(user, params.id, body);
  }
}
