import { PagoSolicitar, ReembolsoSolicitar } from '@coordina/payments/contracts';
import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { BookingModule } from './booking.module';
import { BookingSettings } from './booking.settings';
import { BookingErrors } from './contracts/booking.errors';
import { bookingRoutes } from './contracts/booking.routes';
import { BOOKING_LIFECYCLE, ResenaPublicada } from './contracts/events';
import { migrations } from './db/migrations';
import { BookingSagaRegistrar } from './events/booking-saga.registrar';
import { RefundsConsumer } from './events/refunds.consumer';
import { SalonChangesConsumer } from './events/salon-changes.consumer';
import { AvailabilityController } from './http/availability.controller';
import { AvailabilityService } from './http/availability.service';
import { BookingOutcomesService } from './http/booking-outcomes.service';
import { BookingsController } from './http/bookings.controller';
import { BookingsService } from './http/bookings.service';
import { PromotionsClient } from './http/promotions.client';
import { ReviewsController } from './http/reviews.controller';
import { ReviewsService } from './http/reviews.service';
import { SalonsClient } from './http/salons.client';

export const bookingService: ServiceManifest = {
  name: 'instudio-booking',
  routes: bookingRoutes,
  events: [
    ...BOOKING_LIFECYCLE,
    ResenaPublicada,
    // Saga commands booking sends to payments.
    PagoSolicitar,
    ReembolsoSolicitar,
  ],
  migrations,
  errorCodes: BookingErrors,
  roles: defineRoles('salon_admin'),
  settings: BookingSettings,
  module: (ctx) =>
    serviceModule(BookingModule, ctx, {
      controllers: [AvailabilityController, BookingsController, ReviewsController],
      providers: [
        { provide: BookingSettings, useValue: ctx.settings },
        SalonsClient,
        PromotionsClient,
        AvailabilityService,
        BookingsService,
        BookingOutcomesService,
        ReviewsService,
        BookingSagaRegistrar,
        RefundsConsumer,
        SalonChangesConsumer,
      ],
    }),
};

export { BookingModule };
