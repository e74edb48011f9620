import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Database, ensureDatabase, withDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrator';
import { gatewayMigrations, PgIdempotencyStore } from '../src/gateway/idempotency.store';
import { testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';

/** The embedded default's Idempotency-Key store, in a real PostgreSQL. */
describe('idempotency keys in PostgreSQL', () => {
  let db: Database;
  before(async () => {
    const name = `${uniquePrefix()}gateway`;
    await ensureDatabase(testPostgresUrl(), name);
    db = new Database(withDatabase(testPostgresUrl(), name));
    await migrate(db, 'gateway', gatewayMigrations);
  });
  after(() => db?.close());

  /** As if the claim had been made `seconds` ago. */
  const age = (key: string, seconds: number) =>
    sql`UPDATE coordina_idempotency SET created_at = now() - make_interval(secs => ${seconds}) WHERE key = ${key}`.execute(
      db.db,
    );

  it('lets a retry take over a claim whose process died before answering, once its lease is over', async () => {
    const store = new PgIdempotencyStore(db);
    assert.deepEqual(await store.claim('user:a', 'k', 'f'), { kind: 'new' });
    await age('k', 30);
    assert.deepEqual(await store.claim('user:a', 'k', 'f'), { kind: 'in-progress' }, 'the lease holds it');
    await age('k', 61);
    assert.deepEqual(await store.claim('user:a', 'k', 'other'), { kind: 'mismatch' }, 'never for another request');
    assert.deepEqual(await store.claim('user:a', 'k', 'f'), { kind: 'new' }, 'the same request takes it over');
    assert.deepEqual(await store.claim('user:a', 'k', 'f'), { kind: 'in-progress' }, 'with a lease of its own');
    await store.complete('user:a', 'k', 202, null, 'done');
    await age('k', 3600);
    assert.equal((await store.claim('user:a', 'k', 'f')).kind, 'replay', 'an answered key is never taken over');
  });

  it('releases at boot every claim left unanswered, and nothing answered', async () => {
    const store = new PgIdempotencyStore(db);
    assert.deepEqual(await store.claim('user:b', 'open', 'f'), { kind: 'new' });
    assert.deepEqual(await store.claim('user:b', 'done', 'f'), { kind: 'new' });
    await store.complete('user:b', 'done', 201, null, 'x');
    assert.equal(await store.releaseOrphans(), 1);
    assert.deepEqual(await store.claim('user:b', 'open', 'f'), { kind: 'new' });
    assert.equal((await store.claim('user:b', 'done', 'f')).kind, 'replay');
  });
});
