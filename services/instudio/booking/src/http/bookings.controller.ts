import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller, Headers } from '@nestjs/common';
import type { BookingAccepted, BookingCancelled, BookingPage, BookingView } from '../contracts/booking.dto';
import { bookingRoutes } from '../contracts/booking.routes';
import { BookingOutcomesService } from './booking-outcomes.service';
import { BookingsService } from './bookings.service';

@Controller()
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly outcomes: BookingOutcomesService,
  ) {}

  @Endpoint(bookingRoutes, 'POST /api/instudio/bookings')
  create(
    @Input() { body }: InputOf<typeof bookingRoutes, 'POST /api/instudio/bookings'>,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<BookingAccepted> {
    return this.bookings.create(user, body, key);
  }

  @Endpoint(bookingRoutes, 'GET /api/instudio/bookings')
  mine(
    @Input() { query }: InputOf<typeof bookingRoutes, 'GET /api/instudio/bookings'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BookingPage> {
    return this.bookings.mine(user, query);
  }

  @Endpoint(bookingRoutes, 'GET /api/instudio/salons/:id/bookings')
  forSalon(
    @Input() { params, query }: InputOf<typeof bookingRoutes, 'GET /api/instudio/salons/:id/bookings'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BookingPage> {
    return this.bookings.forSalon(user, params.id, query);
  }

  @Endpoint(bookingRoutes, 'GET /api/instudio/bookings/:id')
  get(
    @Input() { params }: InputOf<typeof bookingRoutes, 'GET /api/instudio/bookings/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BookingView> {
    return this.bookings.get(user, params.id);
  }

  @Endpoint(bookingRoutes, 'POST /api/instudio/bookings/:id/cancel')
  cancel(
    @Input() { params }: InputOf<typeof bookingRoutes, 'POST /api/instudio/bookings/:id/cancel'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BookingCancelled> {
    return this.bookings.cancel(user, params.id);
  }

  @Endpoint(bookingRoutes, 'POST /api/instudio/bookings/:id/complete')
  complete(
    @Input() { params }: InputOf<typeof bookingRoutes, 'POST /api/instudio/bookings/:id/complete'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BookingView> {
    return this.outcomes.mark(user, params.id, 'COMPLETED');
  }

  @Endpoint(bookingRoutes, 'POST /api/instudio/bookings/:id/no-show')
  noShow(
    @Input() { params }: InputOf<typeof bookingRoutes, 'POST /api/instudio/bookings/:id/no-show'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BookingView> {
    return this.outcomes.mark(user, params.id, 'NO_SHOW');
  }
}
