import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { Database } from '../src/db/database';
import { testPostgresUrl } from '../src/testing/start-test-app';
import { testDatabase } from './test-database';

/** Every message a client of `db`'s pool sends as a query: the text, and the commands that travelled in front of it. */
function recordQueries(): { sent: string[]; restore: () => void } {
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloads untouched.
  pg.Client.prototype.query = function (this: pg.Client, config: any, ...rest: any[]) {
    const text = typeof config === 'string' ? config : config?.text;
    const carried: readonly string[] =
      typeof config?.submit === 'function' && config.constructor.name === 'FoldedQuery' ? config.commands : [];
    sent.push(`${carried.map((c) => `${c}+`).join('')}${String(text).replace(/\s+/g, ' ').trim()}`);
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    return (original as any).call(this, config, ...rest);
  } as typeof original;
  return { sent, restore: () => (pg.Client.prototype.query = original) };
}

class Boom extends Error {}

describe('transactions send BEGIN with their first statement (decision 0108)', () => {
  let db: Database;
  before(async () => {
    db = await testDatabase('fold', 'platform', []);
    await sql`CREATE TABLE IF NOT EXISTS fold_t (id int PRIMARY KEY, note text)`.execute(db.db);
  });
  after(() => db.close());

  it('sends BEGIN in front of a first statement with parameters, one exchange, and the statement is in the transaction', async () => {
    const q = recordQueries();
    try {
      await assert.rejects(
        db.transaction(async (tx) => {
          await sql`INSERT INTO fold_t (id, note) VALUES (${1}, ${'rolled back'})`.execute(tx);
          throw new Boom();
        }),
        Boom,
      );
      await db.transaction(async (tx) => {
        const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fold_t WHERE id = ${1}`.execute(tx);
        assert.equal(r.rows[0]?.n, 0, 'the first statement ran inside the transaction that rolled back');
        await sql`INSERT INTO fold_t (id, note) VALUES (${2}, ${'kept'})`.execute(tx);
      });
    } finally {
      q.restore();
    }
    assert.deepEqual(q.sent, [
      'BEGIN+INSERT INTO fold_t (id, note) VALUES ($1, $2)',
      'rollback',
      'BEGIN+SELECT count(*)::int AS n FROM fold_t WHERE id = $1',
      'INSERT INTO fold_t (id, note) VALUES ($1, $2)',
      'commit',
    ]);
    const kept = await sql<{ note: string }>`SELECT note FROM fold_t WHERE id = 2`.execute(db.db);
    assert.equal(kept.rows[0]?.note, 'kept');
  });

  it('fails a first statement that fails, rolls the transaction back, and leaves the connection usable', async () => {
    await sql`INSERT INTO fold_t (id, note) VALUES (10, 'there') ON CONFLICT DO NOTHING`.execute(db.db);
    for (let i = 0; i < 12; i++) {
      // More times than the pool has connections: a connection left in a transaction would show.
      await assert.rejects(
        db.transaction((tx) => sql`INSERT INTO fold_t (id, note) VALUES (${10}, ${'again'})`.execute(tx)),
        (err: { code?: string }) => err.code === '23505',
      );
    }
    const r = await sql<{ in_tx: boolean; notes: string[] }>`
      SELECT now() <> statement_timestamp() AS in_tx, array_agg(note ORDER BY id) AS notes FROM fold_t`.execute(db.db);
    assert.equal(r.rows[0]?.in_tx, false, 'a pooled connection was left inside a transaction');
    assert.deepEqual(r.rows[0]?.notes, ['kept', 'there']);
  });

  it('sends BEGIN on its own before a first statement without parameters, and nothing for an empty transaction', async () => {
    const q = recordQueries();
    try {
      await db.transaction(async () => undefined);
      await assert.rejects(
        db.transaction(async (tx) => {
          await sql`INSERT INTO fold_t (id, note) VALUES (3, 'literal')`.execute(tx);
          throw new Boom();
        }),
        Boom,
      );
    } finally {
      q.restore();
    }
    assert.deepEqual(q.sent, ['BEGIN', "INSERT INTO fold_t (id, note) VALUES (3, 'literal')", 'rollback']);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fold_t WHERE id = 3`.execute(db.db);
    assert.equal(r.rows[0]?.n, 0, 'the statement without parameters ran inside the transaction');
  });
});

describe('a savepoint travels with the statement after it (decision 0146)', () => {
  let db: Database;
  before(async () => {
    db = await testDatabase('foldsavepoint', 'platform', []);
    await sql`CREATE TABLE IF NOT EXISTS sp_t (id int PRIMARY KEY, note text)`.execute(db.db);
  });
  after(() => db.close());

  it('undoes only the work after the savepoint, answers a rollback to a savepoint nothing followed, and drops one at commit', async () => {
    const q = recordQueries();
    try {
      await db.transaction(async (tx) => {
        await sql`INSERT INTO sp_t (id, note) VALUES (${1}, ${'kept'})`.execute(tx);
        // A step that fails after writing: its work is undone, the transaction's earlier work stays.
        await sql`SAVEPOINT step`.execute(tx);
        await sql`INSERT INTO sp_t (id, note) VALUES (${2}, ${'undone'})`.execute(tx);
        await assert.rejects(
          sql`INSERT INTO sp_t (id, note) VALUES (${1}, ${'duplicate'})`.execute(tx),
          (err: { code?: string }) => err.code === '23505',
        );
        await sql`ROLLBACK TO SAVEPOINT step`.execute(tx);
        // A step that fails before any statement: nothing to undo, nothing sent.
        await sql`SAVEPOINT step`.execute(tx);
        await sql`ROLLBACK TO SAVEPOINT step`.execute(tx);
        await sql`INSERT INTO sp_t (id, note) VALUES (${3}, ${'after'})`.execute(tx);
        // The last step's savepoint, nothing after it.
        await sql`SAVEPOINT step`.execute(tx);
      });
    } finally {
      q.restore();
    }
    assert.deepEqual(q.sent, [
      'BEGIN+INSERT INTO sp_t (id, note) VALUES ($1, $2)',
      'SAVEPOINT step+INSERT INTO sp_t (id, note) VALUES ($1, $2)',
      'INSERT INTO sp_t (id, note) VALUES ($1, $2)',
      'ROLLBACK TO SAVEPOINT step',
      'SAVEPOINT step+INSERT INTO sp_t (id, note) VALUES ($1, $2)',
      'commit',
    ]);
    const r = await sql<{ notes: string[] }>`SELECT array_agg(note ORDER BY id) AS notes FROM sp_t`.execute(db.db);
    assert.deepEqual(r.rows[0]?.notes, ['kept', 'after']);
  });

  it('fails the statement a failed savepoint travelled with, and a savepoint outside a transaction is sent as it is', async () => {
    // An aborted transaction refuses the savepoint: the statement carrying it gets the error.
    await assert.rejects(
      db.transaction(async (tx) => {
        await assert.rejects(sql`SELECT 1 / ${0}::int`.execute(tx));
        await sql`SAVEPOINT later`.execute(tx);
        await sql`INSERT INTO sp_t (id, note) VALUES (${9}, ${'never'})`.execute(tx);
      }),
      (err: { code?: string }) => err.code === '25P02',
    );
    // Outside a transaction PostgreSQL refuses it at once (nothing waits for a statement that may never come).
    await assert.rejects(sql`SAVEPOINT alone`.execute(db.db), (err: { code?: string }) => err.code === '25P01');
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sp_t WHERE id = 9`.execute(db.db);
    assert.equal(r.rows[0]?.n, 0);
  });
});

describe('Database.close', () => {
  it('ends a connection taken with connect() alone (no query through Kysely): nothing is left open', async () => {
    const db = new Database(testPostgresUrl(), { max: 1 });
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    try {
      const c = await db.connect();
      const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      c.release();
      await db.close();
      // The server sees the backend go once the client's Terminate has arrived.
      const alive = async () =>
        (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 1;
      const end = Date.now() + 30_000;
      while ((await alive()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await alive(), false, `backend ${pid} is still connected after close()`);
    } finally {
      await admin.end();
    }
  });
});
