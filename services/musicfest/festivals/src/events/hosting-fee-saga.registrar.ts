import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventsCache } from '../db/events.cache';
import { EventsRepository } from '../db/events.repository';
import { TicketTypesRepository } from '../db/ticket-types.repository';
import { EventsSettings } from '../events.settings';
import { hostingFeeSaga } from './hosting-fee.saga';

/** Registers the hosting-fee saga (and with it the consumer of its payment replies). */
@Injectable()
export class HostingFeeSagaRegistrar implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cache: EventsCache,
    private readonly settings: EventsSettings,
  ) {}

  onModuleInit(): void {
    this.ctx.sagas.register(
      hostingFeeSaga({
        events: new EventsRepository(),
        ticketTypes: new TicketTypesRepository(),
        cache: this.cache,
        timeoutMs: this.settings.feeTimeoutMs,
      }),
    );
  }
}
