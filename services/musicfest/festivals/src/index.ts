import { SystemAccess } from '@coordina/identity/contracts';
import { PagoSolicitar, ReembolsoSolicitar } from '@coordina/payments/contracts';
import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { EventoCancelado, EventoPublicado } from './contracts/events';
import { eventsRoutes } from './contracts/events.routes';
import { EventsCache } from './db/events.cache';
import { migrations } from './db/migrations';
import { AvailabilityConsumer } from './events/availability.consumer';
import { DemoEventsSeed } from './events/demo-events.seed';
import { HostingFeeSagaRegistrar } from './events/hosting-fee-saga.registrar';
import { EventsModule } from './events.module';
import { EventsSettings } from './events.settings';
import { EventWriter } from './http/event.writer';
import { EventCommandsService } from './http/event-commands.service';
import { EventEditsService } from './http/event-edits.service';
import { EventsController } from './http/events.controller';
import { EventsQueryService } from './http/events-query.service';
import { ManagerEventsController } from './http/manager-events.controller';

export const festivalsService: ServiceManifest = {
  name: 'musicfest-festivals',
  routes: eventsRoutes,
  events: [
    EventoPublicado,
    EventoCancelado,
    // Saga commands sent to payments for the hosting fee.
    PagoSolicitar,
    ReembolsoSolicitar,
  ],
  migrations,
  roles: defineRoles('manager'),
  accessPolicies: { musicfest: SystemAccess.musicfest },
  settings: EventsSettings,
  module: (ctx) =>
    serviceModule(EventsModule, ctx, {
      controllers: [EventsController, ManagerEventsController],
      providers: [
        { provide: EventsSettings, useValue: ctx.settings },
        EventsCache,
        EventWriter,
        EventsQueryService,
        EventCommandsService,
        EventEditsService,
        HostingFeeSagaRegistrar,
        AvailabilityConsumer,
      ],
    }),
  seed: (ctx) => new DemoEventsSeed().run(ctx),
};

export { EventsModule };
