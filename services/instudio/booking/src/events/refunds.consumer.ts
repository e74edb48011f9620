import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BookingsRepository } from '../db/bookings.repository';

/** Marks a booking's refund done when payments reports it (other services' payments match no row). */
@Injectable()
export class RefundsConsumer implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    new BookingsRepository().refunds.subscribe(this.ctx, 'instudio-booking.refunds');
  }
}
