import type { Migration } from '@coordina/platform';

/**
 * Analytics' PostgreSQL database holds only the platform's tables (its consumer inbox, the
 * failed and held registries); its facts live in DuckDB (duckdb.migrations.ts).
 */
export const migrations: Migration[] = [];
