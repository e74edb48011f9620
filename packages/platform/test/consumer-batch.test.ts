import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import type { CloudEvent } from '../src/contracts/cloud-event';
import { defineEvent } from '../src/contracts/event-contract';
import type { Database, Tx } from '../src/db/database';
import { createLogger } from '../src/observability/logger';
import { gate } from '../src/testing/gate';
import { on } from '../src/transport/consumer';
import { ConsumerRunner } from '../src/transport/consumer.runner';
import { KeyLock } from '../src/transport/key-lock';
import type { LogRecord } from '../src/transport/log-broker';
import { envelope } from '../src/transport/outbox';
import { serviceMigrations } from '../src/transport/platform-migrations';
import { testDatabase } from './test-database';

const Counted = defineEvent({
  topic: 'batch.counted',
  version: 1,
  key: (d) => d.key,
  schema: z.object({ key: z.string(), n: z.number().int() }),
});

/**
 * A partition's records handled as one batch (ConsumerRunner.handlePartition): one claim
 * statement for the batch must keep what one claim per record guaranteed.
 */
describe('consumer batch: one inbox claim per batch', () => {
  const log = createLogger({ level: 'silent' });
  let db: Database;
  before(async () => {
    db = await testDatabase('batch', 'platform', serviceMigrations);
    await sql`CREATE TABLE seen (seq bigserial PRIMARY KEY, key text NOT NULL, n int NOT NULL)`.execute(db.db);
  });
  after(async () => db.close());

  function runner(txBudgetMs?: number, mine?: (e: CloudEvent) => boolean): ConsumerRunner {
    return new ConsumerRunner(
      {
        group: `batch.${randomUUID().slice(0, 8)}`,
        retry: { attempts: 1, baseMs: 1, maxMs: 1 },
        handlers: [
          on(
            Counted,
            async (d, _e, tx) => {
              await sql`INSERT INTO seen (key, n) VALUES (${d.key}, ${d.n})`.execute(tx);
            },
            mine ? { mine } : {},
          ),
        ],
      },
      db,
      log,
      undefined,
      undefined,
      txBudgetMs,
    );
  }
  const event = (key: string, n: number) => envelope('test', Counted, { key, n });
  const records = (events: CloudEvent[]): LogRecord[] =>
    events.map((e, i) => ({ topic: e.type, partition: 0, offset: i, event: e }));
  const seen = async (key: string) =>
    (await sql<{ n: number }>`SELECT n FROM seen WHERE key = ${key} ORDER BY seq`.execute(db.db)).rows.map((r) => r.n);
  const outcomes = async (r: ConsumerRunner) =>
    (
      await sql<{ outcome: string; n: number }>`SELECT count(*)::int AS n, outcome FROM coordina_inbox
        WHERE group_id = ${r.group} GROUP BY outcome ORDER BY outcome`.execute(db.db)
    ).rows.map((x) => `${x.outcome}:${x.n}`);

  /**
   * Holds a key's lock of the runner's group in a transaction of its own (after `also` ran in
   * it) until `release()`; resolves once the lock is held.
   */
  const holdKey = async (r: ConsumerRunner, key: string, also?: (tx: Tx) => Promise<void>) => {
    const released = gate();
    const locked = gate();
    const done = db.transaction(async (tx) => {
      await new KeyLock(r.group).lock(tx, key);
      await also?.(tx);
      locked.resolve();
      await released.promise;
    });
    await locked.promise;
    return { release: released.resolve, done };
  };
  /** Whether a transaction waits for an advisory lock (a claim waiting for a key held by `holdKey`). */
  const lockAwaited = async () => {
    const w = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(
      db.db,
    );
    return (w.rows[0]?.n ?? 0) > 0;
  };

  it('handles an event that comes twice in one batch once, and once more in a later batch not at all', async () => {
    const r = runner();
    const key = randomUUID();
    const [a, b] = [event(key, 1), event(key, 2)];
    await r.handlePartition(records([a, a, b, a]));
    await r.handlePartition(records([b, a]));
    assert.deepEqual(await seen(key), [1, 2]);
    assert.deepEqual(await outcomes(r), ['handled:2']);
  });

  it('gives back the claims of the records a transaction had no budget left for: they are handled next, in order', async () => {
    // A budget of 0: every transaction handles one record and must give the others back.
    const r = runner(0);
    const key = randomUUID();
    await r.handlePartition(records([1, 2, 3, 4, 5].map((n) => event(key, n))));
    assert.deepEqual(await seen(key), [1, 2, 3, 4, 5]);
    assert.deepEqual(await outcomes(r), ['handled:5']);
  });

  it('holds every record of a blocked key in its order while the batch handles the other keys', async () => {
    const r = runner();
    const [blocked, free] = [randomUUID(), randomUUID()];
    await r.registry.park(event(blocked, 0), 'broken', 1);
    await r.handlePartition(
      records([event(blocked, 1), event(free, 1), event(blocked, 2), event(free, 2), event(blocked, 3)]),
    );
    assert.deepEqual(await seen(free), [1, 2]);
    assert.deepEqual(await seen(blocked), []);
    const held = await r.holds.list();
    assert.deepEqual(
      held.map((h) => h.key),
      [blocked, blocked, blocked],
    );
    assert.deepEqual(await outcomes(r), ['handled:2', 'held:3', 'parked:1']);
    // Discarding the failure drains them in their order.
    const [failure] = await r.registry.list('FAILED');
    assert.ok(failure);
    await r.registry.discard(failure.id);
    assert.deepEqual(await seen(blocked), [1, 2, 3]);
  });

  it('claims what the group has no handler for as ignored, with the batch', async () => {
    const r = runner();
    const other = { ...event(randomUUID(), 1), type: 'batch.unknown' };
    const key = randomUUID();
    await r.handlePartition(records([other, event(key, 1)]));
    assert.deepEqual(await seen(key), [1]);
    assert.deepEqual(await outcomes(r), ['handled:1', 'ignored:1']);
  });

  it('leaves the records its handler says are not its out before the claim, the others handled in order (decision 0117)', async () => {
    // Even numbers are "not mine"; a budget of 0 also cuts the batch into transactions of one.
    const r = runner(0, (e) => (e.data as { n: number }).n % 2 === 1);
    const key = randomUUID();
    const batch = [1, 2, 3, 4, 5, 6].map((n) => event(key, n));
    await r.handlePartition(records(batch));
    assert.deepEqual(await seen(key), [1, 3, 5]);
    assert.deepEqual(await outcomes(r), ['handled:3'], 'no inbox row for a skipped record');
    // Redelivered (a crash before the position moved): skipped again, the others are duplicates.
    await r.handlePartition(records(batch));
    assert.equal(await r.handleEvent(event(key, 8)), 'skipped');
    assert.deepEqual(await seen(key), [1, 3, 5]);
    assert.deepEqual(await outcomes(r), ['handled:3']);
  });

  it("counts a transaction's budget from its first handler: a slow claim still handles the batch in one transaction (decision 0056, amended)", async () => {
    const budgetMs = 500;
    const r = runner(budgetMs);
    const key = randomUUID();
    await sql`ALTER TABLE seen ADD COLUMN IF NOT EXISTS tx bigint DEFAULT txid_current()`.execute(db.db);
    const holder = await holdKey(r, key);
    const began = performance.now();
    const handling = r.handlePartition(records([1, 2, 3, 4, 5].map((n) => event(key, n))));
    // The claim waits for the key's lock for twice the budget (as a claim may on a loaded machine).
    await waitFor(async () => (await lockAwaited()) && performance.now() - began > 2 * budgetMs);
    holder.release();
    await holder.done;
    await handling;
    assert.deepEqual(await seen(key), [1, 2, 3, 4, 5]);
    const txs = await sql<{ n: number }>`SELECT count(DISTINCT tx)::int AS n FROM seen WHERE key = ${key}`.execute(
      db.db,
    );
    assert.equal(txs.rows[0]?.n, 1, 'the five records in one transaction');
  });

  // Decision 0093: the key locks and the claim are one round trip; the claim's read of the
  // blocked keys must still see what a transaction holding a key committed while we waited.
  for (const size of [1, 2]) {
    it(`sees a failure committed while its claim waited for the key's lock (${size === 1 ? 'one record' : 'a batch'})`, async () => {
      const r = runner();
      const key = randomUUID();
      const parker = await holdKey(r, key, async (tx) => {
        const e = event(key, 0);
        await sql`INSERT INTO coordina_failed (id, group_id, key, topic, event, reason, attempts, status)
          VALUES (${randomUUID()}, ${r.group}, ${key}, ${e.type}, ${JSON.stringify(e)}::jsonb, 'broken', 1, 'FAILED')`.execute(
          tx,
        );
      });
      const handling = r.handlePartition(records(Array.from({ length: size }, (_, i) => event(key, i + 1))));
      // The claim is waiting for the key's lock, held by the parking transaction.
      await waitFor(lockAwaited);
      parker.release();
      await parker.done;
      await handling;
      assert.deepEqual(await seen(key), []);
      assert.deepEqual(await outcomes(r), [`held:${size}`]);
    });
  }
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; ) {
    if (await condition()) return;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error('condition not met');
}
