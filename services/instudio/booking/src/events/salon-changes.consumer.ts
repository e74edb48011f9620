import { SalonesActualizaciones } from '@coordina/instudio-salons/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SalonsClient } from '../http/salons.client';

/** Drops booking's cached copy of a salon when the salon changes. */
@Injectable()
export class SalonChangesConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly salons: SalonsClient,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'instudio-booking.salon-cache',
      handlers: [on(SalonesActualizaciones, (d) => this.salons.invalidate(d.salonId))],
    });
  }
}
