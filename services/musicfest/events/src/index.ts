import { defineRoutes, type ServiceManifest, serviceModule } from '@coordina/platform';
import { migrations } from './db/migrations';
import { EventsModule } from './events.module';

export const eventsService: ServiceManifest = {
  name: 'musicfest-events',
  routes: defineRoutes('musicfest-events', []),
  events: [],
  migrations,
  module: (ctx) => serviceModule(EventsModule, ctx, { controllers: [], providers: [] }),
};

export { EventsModule };
