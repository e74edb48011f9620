import { defineRoutes, type ServiceManifest, serviceModule } from '@coordina/platform';
import { migrations } from './db/migrations';
import { TicketingModule } from './ticketing.module';

export const ticketingService: ServiceManifest = {
  name: 'musicfest-ticketing',
  routes: defineRoutes('musicfest-ticketing', []),
  events: [],
  migrations,
  module: (ctx) => serviceModule(TicketingModule, ctx, { controllers: [], providers: [] }),
};

export { TicketingModule };
