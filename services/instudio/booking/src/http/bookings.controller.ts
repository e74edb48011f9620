import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  type BookingAccepted,
  type BookingCancelled,
  type BookingPage,
  type BookingView,
  CreateBookingBody,
  MyBookingsQuery,
} from '../contracts/booking.dto';
import { BookingOutcomesService } from './booking-outcomes.service';
import { BookingsService } from './bookings.service';

@Controller('api/instudio/bookings')
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly outcomes: BookingOutcomesService,
  ) {}

  @Post()
  @HttpCode(202)
  create(
    @Body(zod(CreateBookingBody)) body: CreateBookingBody,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<BookingAccepted> {
    return this.bookings.create(user, body, key);
  }

  @Get()
  mine(@Query(zod(MyBookingsQuery)) q: MyBookingsQuery, @CurrentUser() user: AuthUser): Promise<BookingPage> {
    return this.bookings.mine(user, q);
  }

  @Get(':id')
  get(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.bookings.get(user, p.id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<BookingCancelled> {
    return this.bookings.cancel(user, p.id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.outcomes.mark(user, p.id, 'COMPLETED');
  }

  @Post(':id/no-show')
  @HttpCode(200)
  noShow(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.outcomes.mark(user, p.id, 'NO_SHOW');
  }
}
