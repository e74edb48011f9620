import { defineRoles } from '@coordina/platform';
import type { AnalyticsSystem } from '../analytics.system';
import { onStore } from '../db/on-store';
import { instudioRouteList } from './contracts/analytics.routes';
import { instudioFactsMigration } from './db/instudio-facts.migration';
import { ReportsRepository } from './db/reports.repository';
import { SalonReplicaRepository } from './db/salon-replica.repository';
import { InstudioEventsConsumer } from './events/instudio-events.consumer';
import { SalonReplicaRefresher } from './events/salon-replica.refresher';
import { AnalyticsController } from './http/analytics.controller';
import { AnalyticsReportsService } from './http/analytics-reports.service';

/** InStudio: bookings, payments, reviews and promotions; reports per salon, district and subcategory. */
export const instudioAnalytics: AnalyticsSystem = {
  name: 'instudio',
  routes: instudioRouteList,
  roles: defineRoles('salon_admin'),
  duckDbMigrations: [instudioFactsMigration],
  controllers: [AnalyticsController],
  providers: [
    onStore(ReportsRepository),
    onStore(SalonReplicaRepository),
    SalonReplicaRefresher,
    InstudioEventsConsumer,
    AnalyticsReportsService,
  ],
};
