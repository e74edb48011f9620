import { defineRoutes, type ServiceManifest, serviceModule } from '@coordina/platform';
import { AnalyticsModule } from './analytics.module';
import { DuckDbLifecycle } from './db/duckdb.lifecycle';
import { DuckDbStore } from './db/duckdb.store';
import { duckDbPath } from './db/duckdb-path';
import { FactsWriter } from './db/facts.writer';
import { migrations } from './db/migrations';
import { onStore } from './db/on-store';
import { analyticsDuckDbMigrations, analyticsSystems } from './systems';

/**
 * Analytics: every event of the systems in systems.ts into DuckDB, exactly once, and each
 * system's reports (InStudio per salon, district and subcategory; MusicFest KPIs per event and
 * ticket type). The core here wires the store and the facts writer; each system's folder brings
 * its routes, roles, tables, consumers and controllers.
 */
export const analyticsService: ServiceManifest = {
  name: 'analytics',
  routes: defineRoutes(
    'analytics',
    analyticsSystems.flatMap((s) => s.routes),
  ),
  events: [],
  migrations,
  roles: [...new Set(analyticsSystems.flatMap((s) => s.roles))],
  module: (ctx) =>
    serviceModule(AnalyticsModule, ctx, {
      controllers: analyticsSystems.flatMap((s) => s.controllers),
      providers: [
        {
          provide: DuckDbStore,
          useFactory: () => new DuckDbStore(duckDbPath(ctx.config), ctx.log, analyticsDuckDbMigrations),
        },
        DuckDbLifecycle,
        onStore(FactsWriter),
        ...analyticsSystems.flatMap((s) => s.providers),
      ],
    }),
};

export { AnalyticsModule, duckDbPath };
