import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { AnalyticsModule } from './analytics.module';
import { analyticsRoutes } from './contracts/analytics.routes';
import { DuckDbLifecycle } from './db/duckdb.lifecycle';
import { DuckDbStore } from './db/duckdb.store';
import { duckDbPath } from './db/duckdb-path';
import { FactsWriter } from './db/facts.writer';
import { migrations } from './db/migrations';
import { ReportsRepository } from './db/reports.repository';
import { SalonReplicaRepository } from './db/salon-replica.repository';
import { InstudioEventsConsumer } from './events/instudio-events.consumer';
import { SalonReplicaRefresher } from './events/salon-replica.refresher';
import { AnalyticsController } from './http/analytics.controller';
import { AnalyticsReportsService } from './http/analytics-reports.service';
import { SalonsClient } from './http/salons.client';

const onStore = <T>(cls: new (store: DuckDbStore) => T) => ({
  provide: cls,
  useFactory: (store: DuckDbStore) => new cls(store),
  inject: [DuckDbStore],
});

/** InStudio analytics: every InStudio event into DuckDB, reports per salon, district and subcategory. */
export const analyticsService: ServiceManifest = {
  name: 'analytics',
  routes: analyticsRoutes,
  events: [],
  migrations,
  module: (ctx) =>
    serviceModule(AnalyticsModule, ctx, {
      controllers: [AnalyticsController],
      providers: [
        { provide: DuckDbStore, useFactory: () => new DuckDbStore(duckDbPath(ctx.config), ctx.log) },
        DuckDbLifecycle,
        onStore(FactsWriter),
        onStore(ReportsRepository),
        onStore(SalonReplicaRepository),
        SalonsClient,
        SalonReplicaRefresher,
        InstudioEventsConsumer,
        AnalyticsReportsService,
      ],
    }),
};

export { AnalyticsModule, duckDbPath };
