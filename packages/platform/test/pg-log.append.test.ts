import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import type { Database } from '../src/db/database';
import { createLogger } from '../src/observability/logger';
import { envelope } from '../src/transport/outbox';
import { PgLogBroker } from '../src/transport/pg-log.broker';
import { logMigrations } from '../src/transport/platform-migrations';
import { testDatabase } from './test-database';

const topics = ['append.a', 'append.b'].map((topic) =>
  defineEvent({ topic, version: 1, key: (d) => d.key, schema: z.object({ key: z.string(), n: z.number().int() }) }),
);

/** The PostgreSQL log's append is one statement: offsets, records and the NOTIFY. */
describe('PostgreSQL log append', () => {
  let db: Database;
  let broker: PgLogBroker;
  before(async () => {
    db = await testDatabase('append', 'log', logMigrations);
    broker = new PgLogBroker(db, createLogger({ level: 'silent' }), { partitions: 4 });
  });
  after(async () => {
    await broker.close();
    await db.close();
  });

  it('gives concurrent appends gapless offsets per partition, each key in append order, and drops ids it has', async () => {
    const keys = Array.from({ length: 12 }, () => randomUUID());
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 60 }, (_, i) =>
        envelope('test', topics[i % 2] as (typeof topics)[number], {
          key: keys[(i * 7 + b) % keys.length] as string,
          n: b * 1000 + i,
        }),
      ),
    );
    await Promise.all(batches.map((events) => broker.append(events)));
    // Appended again (a relay that crashed before it marked them): nothing changes.
    await broker.append(batches[0] ?? []);
    const rows = (
      await sql<{ topic: string; partition: number; offset: string; key: string; n: number }>`
        SELECT topic, partition, "offset", key, (event->'data'->>'n')::int AS n FROM coordina_log
        ORDER BY topic, partition, "offset"`.execute(db.db)
    ).rows;
    assert.equal(rows.length, 8 * 60);
    for (const [part, records] of groupBy(rows, (r) => `${r.topic}/${r.partition}`)) {
      // The first appends reserve offsets 0..n-1 of each partition; the duplicates' reserved ones stay unused.
      assert.deepEqual(
        records.map((r) => Number(r.offset)),
        records.map((_, i) => i),
        `${part}: gapless until the duplicates`,
      );
    }
    // Within one append, a key's records keep their order; appends of one key never interleave.
    for (const [, records] of groupBy(rows, (r) => `${r.topic}/${r.key}`)) {
      const byBatch = records.map((r) => Math.floor(r.n / 1000));
      const runs = byBatch.filter((b, i) => i === 0 || byBatch[i - 1] !== b);
      assert.equal(new Set(runs).size, runs.length, `one run per append: ${byBatch.join(',')}`);
      for (const b of new Set(byBatch)) {
        const ns = records.filter((r) => Math.floor(r.n / 1000) === b).map((r) => r.n);
        assert.deepEqual(
          ns,
          [...ns].sort((x, y) => x - y),
        );
      }
    }
  });
});

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}
