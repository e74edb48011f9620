import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { MAX_PREPARED, PreparingClient, preparedName } from '../src/db/begin-folding.client';
import type { Db } from '../src/db/database';
import { Database } from '../src/db/database';
import { testDatabase } from './test-database';

interface Prepared {
  name: string;
  statement: string;
  runs: number;
}

/** The statements prepared on the connection that runs this (the pool of one: the only one). */
async function prepared(db: Database): Promise<Prepared[]> {
  const r = await sql<Prepared>`SELECT name, statement, (generic_plans + custom_plans)::int AS runs
    FROM pg_prepared_statements ORDER BY name`.execute(db.db);
  return r.rows;
}

describe('statements with parameters are prepared once per connection (decision 0137)', () => {
  let db: Database;
  before(async () => {
    const setup = await testDatabase('prep', 'platform', []);
    await sql`CREATE TABLE IF NOT EXISTS prep_t (id int PRIMARY KEY, n int NOT NULL)`.execute(setup.db);
    await sql`INSERT INTO prep_t VALUES (1, 10), (2, 20) ON CONFLICT DO NOTHING`.execute(setup.db);
    await setup.close();
    db = new Database(setup.url, { max: 1 });
  });
  after(() => db.close());

  it('parses a statement once and runs it again by name, in and out of transactions', async () => {
    const read = (id: number, q: Db) => sql<{ n: number }>`SELECT n FROM prep_t WHERE id = ${id}`.execute(q);
    assert.equal((await read(1, db.db)).rows[0]?.n, 10);
    // First in a transaction: sent with the transaction's BEGIN (decision 0108), by name too.
    const inTx = await db.transaction(async (tx) => (await read(2, tx)).rows[0]?.n);
    assert.equal(inTx, 20);
    assert.equal((await read(2, db.db)).rows[0]?.n, 20);
    const text = 'SELECT n FROM prep_t WHERE id = $1';
    const mine = (await prepared(db)).filter((p) => p.statement === text);
    assert.deepEqual(mine, [{ name: preparedName(text), statement: text, runs: 3 }]);
  });

  it("prepares the statements of a pool given PreparingClient (pg-boss's), which pg's pool.query sends with a callback", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1, Client: PreparingClient });
    try {
      const text = 'SELECT n + $1::int AS m FROM prep_t WHERE id = $2';
      for (const add of [1, 2]) assert.equal((await pool.query(text, [add, 1])).rows[0]?.m, 10 + add);
      const r = await pool.query<Prepared>(
        'SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE statement = $1',
        [text],
      );
      assert.deepEqual(r.rows, [{ name: preparedName(text), statement: text, runs: 2 }]);
    } finally {
      await pool.end();
    }
  });

  it('leaves a statement without parameters unprepared', async () => {
    await sql`SELECT count(*) FROM prep_t`.execute(db.db);
    assert.equal((await prepared(db)).filter((p) => p.statement.includes('count(*)')).length, 0);
  });

  it("keeps a connection whose transaction's first statement failed to parse: the statement is parsed again next time", async () => {
    const later = (q: Db) => sql<{ n: number }>`SELECT n FROM prep_later WHERE id = ${1}`.execute(q);
    await assert.rejects(
      db.transaction((tx) => later(tx)),
      /relation "prep_later" does not exist/,
    );
    await sql`CREATE TABLE IF NOT EXISTS prep_later (id int PRIMARY KEY, n int NOT NULL)`.execute(db.db);
    await sql`INSERT INTO prep_later VALUES (1, 7) ON CONFLICT DO NOTHING`.execute(db.db);
    assert.equal((await db.transaction((tx) => later(tx))).rows[0]?.n, 7);
    assert.equal((await later(db.db)).rows[0]?.n, 7);
  });

  it('runs a first statement of a transaction by name again after its run failed (a unique violation)', async () => {
    const add = (id: number) => (tx: Db) => sql`INSERT INTO prep_t (id, n) VALUES (${id}, ${0})`.execute(tx);
    await assert.rejects(db.transaction(add(1)), /duplicate key/);
    await db.transaction(add(3));
    await db.transaction(async (tx) => {
      await sql`DELETE FROM prep_t WHERE id = ${3}`.execute(tx);
    });
    const text = 'INSERT INTO prep_t (id, n) VALUES ($1, $2)';
    assert.deepEqual(
      (await prepared(db)).filter((p) => p.statement === text),
      [{ name: preparedName(text), statement: text, runs: 2 }],
    );
  });

  it(`names at most ${MAX_PREPARED} texts a process, and a named text keeps its name`, () => {
    const first = preparedName('SELECT $1::int AS kept');
    assert.ok(first);
    let named = 0;
    for (let i = 0; i < MAX_PREPARED + 10; i++) if (preparedName(`SELECT $1::int AS v${i}`) !== undefined) named++;
    assert.ok(named < MAX_PREPARED, `${named} new names`);
    assert.equal(preparedName(`SELECT $1::int AS v${MAX_PREPARED + 5}`), undefined);
    assert.equal(preparedName('SELECT $1::int AS kept'), first);
  });
});
