import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogService, seedBulkProducts } from '@coordina/gamevault-catalog';
import { Database, withDatabase } from '@coordina/platform';
import { databaseName, EmbeddedPostgresServer, ensureDatabase, loadConfig, migrate } from '@coordina/platform/runtime';

const USAGE = 'usage: coordina seed gamevault --products N [--database-url URL] [--data-dir DIR] [--db-prefix P]\n';

/**
 * `coordina seed gamevault --products N`: a generated GameVault catalog of N products, written
 * with COPY (services/gamevault/catalog/src/db/bulk-products.seed.ts). Idempotent: product n is
 * always the same, and a rerun adds only the ones missing up to N. The PostgreSQL server is
 * `--database-url` (or DATABASE_URL), else the embedded one of the data directory (stop
 * `coordina start` first, or give its URL). The catalog's database is created and migrated if
 * it is not yet.
 */
export async function seedCommand(args: string[]): Promise<number> {
  const [system, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      products: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'db-prefix': { type: 'string' },
    },
  });
  const n = Number(values.products);
  if (system !== 'gamevault' || !Number.isInteger(n) || n < 0 || n > 100_000_000) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig({ mode: 'embedded', dataDir: values['data-dir'] });
  let pg: EmbeddedPostgresServer | undefined;
  let serverUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    pg = new EmbeddedPostgresServer(join(config.dataDir, 'pg'));
    serverUrl = await pg.start();
  }
  try {
    const name = databaseName(values['db-prefix'] ?? config.dbPrefix, catalogService.name);
    await ensureDatabase(serverUrl, name);
    const url = withDatabase(serverUrl, name);
    const db = new Database(url, { max: 1 });
    try {
      await migrate(db, catalogService.name, catalogService.migrations);
    } finally {
      await db.close();
    }
    const started = Date.now();
    const r = await seedBulkProducts(url, n);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `coordina seed: ${r.added} products added (${r.seeded} seeded in all) to ${name} in ${seconds.toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await pg?.stop();
  }
}
