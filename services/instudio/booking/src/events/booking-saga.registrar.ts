import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BookingSettings } from '../booking.settings';
import { BookingsRepository } from '../db/bookings.repository';
import { bookingSaga } from './booking.saga';

/** Registers the booking saga (and with it the consumer of its payment replies). */
@Injectable()
export class BookingSagaRegistrar implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: BookingSettings,
  ) {}

  onModuleInit(): void {
    this.ctx.sagas.register(bookingSaga(new BookingsRepository(), this.settings.holdTimeoutMs));
  }
}
