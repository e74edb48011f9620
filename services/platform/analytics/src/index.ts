import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { AnalyticsModule } from './analytics.module';
import { analyticsRoutes } from './contracts/analytics.routes';
import { DuckDbLifecycle } from './db/duckdb.lifecycle';
import { DuckDbStore } from './db/duckdb.store';
import { duckDbPath } from './db/duckdb-path';
import { FactsWriter } from './db/facts.writer';
import { migrations } from './db/migrations';
import { MusicfestReportsRepository } from './db/musicfest-reports.repository';
import { ReportsRepository } from './db/reports.repository';
import { SalonReplicaRepository } from './db/salon-replica.repository';
import { InstudioEventsConsumer } from './events/instudio-events.consumer';
import { MusicfestEventsConsumer } from './events/musicfest-events.consumer';
import { SalonReplicaRefresher } from './events/salon-replica.refresher';
import { AnalyticsController } from './http/analytics.controller';
import { AnalyticsReportsService } from './http/analytics-reports.service';
import { MusicfestController } from './http/musicfest.controller';
import { MusicfestReportsService } from './http/musicfest-reports.service';
import { SalonsClient } from './http/salons.client';

const onStore = <T>(cls: new (store: DuckDbStore) => T) => ({
  provide: cls,
  useFactory: (store: DuckDbStore) => new cls(store),
  inject: [DuckDbStore],
});

/**
 * Analytics: every InStudio and MusicFest event into DuckDB, exactly once; InStudio reports per
 * salon, district and subcategory, MusicFest KPIs per event and ticket type.
 */
export const analyticsService: ServiceManifest = {
  name: 'analytics',
  routes: analyticsRoutes,
  events: [],
  migrations,
  roles: defineRoles('salon_admin', 'manager'),
  module: (ctx) =>
    serviceModule(AnalyticsModule, ctx, {
      controllers: [AnalyticsController, MusicfestController],
      providers: [
        { provide: DuckDbStore, useFactory: () => new DuckDbStore(duckDbPath(ctx.config), ctx.log) },
        DuckDbLifecycle,
        onStore(FactsWriter),
        onStore(ReportsRepository),
        onStore(SalonReplicaRepository),
        onStore(MusicfestReportsRepository),
        SalonsClient,
        SalonReplicaRefresher,
        InstudioEventsConsumer,
        AnalyticsReportsService,
        MusicfestEventsConsumer,
        MusicfestReportsService,
      ],
    }),
};

export { AnalyticsModule, duckDbPath };
