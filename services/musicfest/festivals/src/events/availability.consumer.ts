import { DisponibilidadActualizada } from '@coordina/musicfest-ticketing/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventsCache } from '../db/events.cache';
import { TicketTypesRepository } from '../db/ticket-types.repository';

/** Keeps seats left per ticket type as ticketing reports them (newer sequences only), for the catalog. */
@Injectable()
export class AvailabilityConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cache: EventsCache,
  ) {}

  onModuleInit(): void {
    const ticketTypes = new TicketTypesRepository();
    this.ctx.bus.subscribe({
      group: 'musicfest-festivals.availability',
      handlers: [
        on(DisponibilidadActualizada, async (d, _event, tx) => {
          if (await ticketTypes.applyAvailability(tx, d)) await this.cache.changed();
        }),
      ],
    });
  }
}
