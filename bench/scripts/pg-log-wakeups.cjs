// The PostgreSQL log's hop from an append to its handler with 20 consumer groups on 20 topics, appends to one topic
// (bench/RESULTS.md, decision 0077). Usage: PG_URL=postgres://… node bench/scripts/pg-log-wakeups.cjs <checkout with a build>
const root = require('node:path').resolve(process.argv[2] ?? '.');
const { Database, ensureDatabase, withDatabase } = require(root + '/packages/platform/dist/src/db/database.js');
const { migrate } = require(root + '/packages/platform/dist/src/db/migrator.js');
const { PgLogBroker } = require(root + '/packages/platform/dist/src/transport/pg-log.broker.js');
const { logMigrations } = require(root + '/packages/platform/dist/src/transport/platform-migrations.js');
const { createLogger } = require(root + '/packages/platform/dist/src/observability/logger.js');
const { randomUUID } = require('node:crypto');
async function main() {
  const url = process.env.PG_URL;
  if (!url) throw new Error('PG_URL: a PostgreSQL server URL (its postgres database)');
  const name = 'polls_' + Math.random().toString(36).slice(2, 8);
  await ensureDatabase(url, name);
  const db = new Database(withDatabase(url, name), { max: 48 });
  await migrate(db, 'platform', logMigrations);
  const broker = new PgLogBroker(db, createLogger({ level: 'silent' }));
  let handled = 0;
  for (let g = 0; g < 20; g++)
    await broker.subscribe('g' + g, ['topic.' + g], async (rs) => {
      handled += rs.length;
    });
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = performance.now();
  const N = 200;
  for (let i = 0; i < N; i++) {
    await broker.append([
      {
        specversion: '1.0',
        id: randomUUID(),
        source: 'x',
        type: 'topic.0',
        subject: 'k' + (i % 16),
        time: new Date().toISOString(),
        data: { i },
      },
    ]);
    while (handled < i + 1) await new Promise((r) => setTimeout(r, 1));
  }
  const ms = performance.now() - t0;
  console.log(
    JSON.stringify({ root, appends: N, msPerAppendToHandler: ms / N, loadavg1: require('node:os').loadavg()[0] }),
  );
  await broker.close();
  await db.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
