import { defineRoles } from '@coordina/platform';
import type { AnalyticsSystem } from '../analytics.system';
import { onStore } from '../db/on-store';
import { musicfestRouteList } from './contracts/musicfest.routes';
import { musicfestFactsMigration } from './db/musicfest-facts.migration';
import { MusicfestReportsRepository } from './db/musicfest-reports.repository';
import { MusicfestEventsConsumer } from './events/musicfest-events.consumer';
import { MusicfestController } from './http/musicfest.controller';
import { MusicfestReportsService } from './http/musicfest-reports.service';

/** MusicFest: purchases, baskets, waitlists, refunds and sold-out types; KPIs per event and ticket type. */
export const musicfestAnalytics: AnalyticsSystem = {
  name: 'musicfest',
  routes: musicfestRouteList,
  roles: defineRoles('manager'),
  duckDbMigrations: [musicfestFactsMigration],
  controllers: [MusicfestController],
  providers: [onStore(MusicfestReportsRepository), MusicfestEventsConsumer, MusicfestReportsService],
};
