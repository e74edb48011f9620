import type { RouteContract } from '@coordina/platform';
import type { DynamicModule } from '@nestjs/common';
import type { DuckDbMigration } from './db/duckdb.migrations';

/**
 * One system analytics reports on, in its own folder (`instudio/`, `musicfest/`): its report
 * routes, the roles they name, its DuckDB tables, and the Nest parts that consume its events
 * and serve its reports. The core (contracts, db, domain, http at the top of src/) holds what
 * every system shares: the DuckDB store, the exactly-once facts writer, CSV and the reply.
 * A system imports the core and its own folder, never another system's (a lint rule checks it).
 */
export interface AnalyticsSystem {
  readonly name: string;
  readonly routes: readonly RouteContract[];
  readonly roles: readonly string[];
  readonly duckDbMigrations: readonly DuckDbMigration[];
  readonly controllers: NonNullable<DynamicModule['controllers']>;
  readonly providers: NonNullable<DynamicModule['providers']>;
}
