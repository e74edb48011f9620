import { join, resolve } from 'node:path';
import type { PlatformConfig } from '@coordina/platform';

/**
 * Where analytics keeps its DuckDB file: `ANALYTICS_DUCKDB_PATH`, else
 * `<dataDir>/analytics/<name>.duckdb` where the name is the database prefix (tests use one
 * per run), or, distributed, the name of the service's own PostgreSQL database (its inbox
 * lives there, so the two stay paired), or `default`.
 */
export function duckDbPath(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (env.ANALYTICS_DUCKDB_PATH) return resolve(env.ANALYTICS_DUCKDB_PATH);
  let name = config.dbPrefix;
  if (!name && config.mode === 'distributed' && config.postgresUrl) {
    name = decodeURIComponent(new URL(config.postgresUrl).pathname.slice(1));
  }
  const safe = (name || 'default').replace(/[^A-Za-z0-9_-]/g, '_');
  return join(config.dataDir, 'analytics', `${safe}.duckdb`);
}
