/** One step of the DuckDB schema; `analytics_migrations` records the ids that ran. */
export interface DuckDbMigration {
  readonly id: string;
  readonly sql: string;
}

/**
 * The core's DuckDB schema: the applied events every system's facts are claimed against
 * (facts.writer.ts). Each system's folder adds its own tables (`duckDbMigrations` of its
 * AnalyticsSystem), applied after these in the order of systems.ts. The id is the historical
 * first migration's, which also created InStudio's tables; those are now InStudio's own
 * migration, written to find them already there in a file made before the split.
 */
export const coreDuckDbMigrations: readonly DuckDbMigration[] = [
  {
    id: '001_facts',
    sql: `
CREATE TABLE applied_events (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  event_time TIMESTAMPTZ NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);`,
  },
];
