import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { Database, ensureDatabase, withDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrator';
import { testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';

it('applies migrations once when several instances boot on a new database at the same time', async () => {
  const name = `${uniquePrefix()}migrate`;
  await Promise.all([1, 2, 3].map(() => ensureDatabase(testPostgresUrl(), name)));
  const dbs = [1, 2, 3, 4].map(() => new Database(withDatabase(testPostgresUrl(), name)));
  try {
    const migrations = [
      { id: '001', sql: 'CREATE TABLE t (id int PRIMARY KEY)' },
      { id: '002', sql: 'INSERT INTO t VALUES (1)' },
    ];
    const applied = await Promise.all(dbs.map((db) => migrate(db, 'svc', migrations)));
    assert.equal(applied.flat().length, 2, 'each migration applied by exactly one instance');
    const first = dbs[0];
    assert.ok(first);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t`.execute(first.db);
    assert.equal(rows.rows[0]?.n, 1);
  } finally {
    for (const db of dbs) await db.close();
  }
});
