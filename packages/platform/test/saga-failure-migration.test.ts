import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { sql } from 'kysely';
import { Database, ensureDatabase, withDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrator';
import { SagaStore } from '../src/saga/saga.store';
import { testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';
import { serviceMigrations } from '../src/transport/platform-migrations';

it('reads sagas that failed before failures were data, converted by the migration', async () => {
  const name = `${uniquePrefix()}sagafail`;
  await ensureDatabase(testPostgresUrl(), name);
  const db = new Database(withDatabase(testPostgresUrl(), name));
  try {
    const before = serviceMigrations.filter((m) => m.id < '003');
    await migrate(db, 'svc', before);
    const old: [string, string | null][] = [
      [randomUUID(), 'AuthorizePayment: payment declined: card_declined'],
      [randomUUID(), 'IssueTickets: timed out'],
      [randomUUID(), 'ConfirmBooking: booking is no longer held'],
      [randomUUID(), null],
    ];
    for (const [id, failure] of old)
      await sql`INSERT INTO coordina_sagas (id, name, status, step, state, failure)
        VALUES (${id}, 'old', ${failure ? 'COMPENSATED' : 'COMPLETED'}, 1, '{}'::jsonb, ${failure})`.execute(db.db);
    await migrate(db, 'svc', serviceMigrations);
    const store = new SagaStore(db, new Map());
    const causes = await Promise.all(old.map(async ([id]) => (await store.get(id))?.cause));
    assert.deepEqual(causes, [
      { step: 'AuthorizePayment', kind: 'declined', reason: 'payment declined: card_declined' },
      { step: 'IssueTickets', kind: 'timeout', reason: 'timed out' },
      { step: 'ConfirmBooking', kind: 'rejected', reason: 'booking is no longer held' },
      null,
    ]);
    const first = await store.get(old[0]?.[0] ?? '');
    assert.equal(first?.failure, 'AuthorizePayment: payment declined: card_declined', 'the same line as before');
    assert.equal(first?.attempts, 0);
  } finally {
    await db.close();
  }
});
