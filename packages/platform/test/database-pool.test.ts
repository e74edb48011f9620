import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { Database, ensureDatabase, withDatabase } from '../src/db/database';
import { eventually, testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';

/**
 * The pool keeps one idle connection beside those held by `connect()` (decisions 0122, 0128): a
 * relay's LISTEN connection must not leave an idle poller without a connection of its own, or
 * each of its rounds would open a new backend.
 */
describe('database pool', () => {
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  const dbs: Database[] = [];
  after(async () => {
    for (const db of dbs) await db.close();
    await admin.end();
  });

  it('keeps one idle connection open while another one is held', async () => {
    const name = `${uniquePrefix()}pool`;
    await ensureDatabase(testPostgresUrl(), name);
    const url = new URL(withDatabase(testPostgresUrl(), name));
    url.searchParams.set('application_name', name);
    const db = new Database(url.toString(), { idleTimeoutMs: 100 });
    dbs.push(db);
    await admin.connect();
    const held = await db.connect();
    // Three queries at once: the pool opens three connections beside the held one.
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(db.db)));
    const backends = async () =>
      (
        await admin.query<{ pid: number; age_ms: number }>(
          `SELECT pid, extract(epoch FROM now() - backend_start) * 1000 AS age_ms FROM pg_stat_activity
           WHERE application_name = $1 AND pid <> $2`,
          [name, (held as unknown as { processID: number }).processID],
        )
      ).rows;
    // Two of them close after the idle timeout; one stays, long after it (a new backend per
    // round would be younger than the timeout).
    const [kept] = await eventually(async () => {
      const idle = await backends();
      return idle.length === 1 && Number(idle[0]?.age_ms) > 1000 ? idle : undefined;
    });
    assert.ok(kept);
    const pid = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db.db);
    assert.equal(pid.rows[0]?.pid, kept.pid);
    held.release();
  });
});
