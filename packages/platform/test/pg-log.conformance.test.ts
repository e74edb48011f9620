import { Database, ensureDatabase, withDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrator';
import { createLogger } from '../src/observability/logger';
import { testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';
import { transportConformance } from '../src/testing/transport-conformance';
import { PgLogBroker } from '../src/transport/pg-log.broker';
import { logMigrations } from '../src/transport/platform-migrations';

const dbs: Database[] = [];

transportConformance('PostgreSQL log', {
  async create() {
    const name = `${uniquePrefix()}log`;
    await ensureDatabase(testPostgresUrl(), name);
    const db = new Database(withDatabase(testPostgresUrl(), name));
    dbs.push(db);
    await migrate(db, 'platform', logMigrations);
    return new PgLogBroker(db, createLogger({ level: 'silent' }));
  },
  async close() {
    for (const db of dbs) await db.close();
  },
});
