import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { BookingModule } from './booking.module';
import { bookingRoutes } from './contracts/booking.routes';
import { ReservaCancelada, ReservaConfirmada, ReservaCreada } from './contracts/events';
import { migrations } from './db/migrations';
import { BookingSagaRegistrar } from './events/booking-saga.registrar';
import { RefundsConsumer } from './events/refunds.consumer';
import { SalonChangesConsumer } from './events/salon-changes.consumer';
import { AvailabilityController } from './http/availability.controller';
import { AvailabilityService } from './http/availability.service';
import { BookingsController } from './http/bookings.controller';
import { BookingsService } from './http/bookings.service';
import { SalonsClient } from './http/salons.client';

export const bookingService: ServiceManifest = {
  name: 'instudio-booking',
  routes: bookingRoutes,
  events: [ReservaCreada, ReservaConfirmada, ReservaCancelada],
  migrations,
  module: (ctx) =>
    serviceModule(BookingModule, ctx, {
      controllers: [AvailabilityController, BookingsController],
      providers: [
        SalonsClient,
        AvailabilityService,
        BookingsService,
        BookingSagaRegistrar,
        RefundsConsumer,
        SalonChangesConsumer,
      ],
    }),
};

export { BookingModule };
