import type { AnalyticsSystem } from './analytics.system';
import { chatAnalytics } from './chat/chat.analytics';
import { coreDuckDbMigrations, type DuckDbMigration } from './db/duckdb.migrations';
import { gamevaultAnalytics } from './gamevault/gamevault.analytics';
import { instudioAnalytics } from './instudio/instudio.analytics';
import { musicfestAnalytics } from './musicfest/musicfest.analytics';

/**
 * The systems analytics reports on, one folder each. A new system is a new folder with its
 * AnalyticsSystem and one line here; nothing else shared changes. The order is the order of
 * their routes and of their DuckDB migrations (append, never reorder).
 */
export const analyticsSystems: readonly AnalyticsSystem[] = [
  instudioAnalytics,
  musicfestAnalytics,
  gamevaultAnalytics,
  chatAnalytics,
];

/** The DuckDB schema: the core's, then each system's. */
export const analyticsDuckDbMigrations: readonly DuckDbMigration[] = [
  ...coreDuckDbMigrations,
  ...analyticsSystems.flatMap((s) => s.duckDbMigrations),
];
