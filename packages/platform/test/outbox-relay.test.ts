import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import type { CloudEvent } from '../src/contracts/cloud-event';
import { defineEvent } from '../src/contracts/event-contract';
import type { Database } from '../src/db/database';
import { createLogger } from '../src/observability/logger';
import { eventually } from '../src/testing/start-test-app';
import type { LogBroker } from '../src/transport/log-broker';
import { envelope, writeOutbox } from '../src/transport/outbox';
import { OutboxRelay } from '../src/transport/outbox.relay';
import { PgLogBroker } from '../src/transport/pg-log.broker';
import { logMigrations, serviceMigrations } from '../src/transport/platform-migrations';
import { countingDatabase, testDatabase } from './test-database';

const Relayed = defineEvent({
  topic: 'relay.tested',
  version: 1,
  key: (d) => d.key,
  schema: z.object({ key: z.string(), n: z.number().int() }),
});

/**
 * The relay marks a round's rows published with the statement that picks the next round's
 * (decision 0057): nothing may stay unmarked once the outbox is drained, nor after a stop.
 */
describe('outbox relay: marking published rows', () => {
  const log = createLogger({ level: 'silent' });
  let svc: Database;
  let logDb: Database;
  let broker: PgLogBroker;
  before(async () => {
    svc = await testDatabase('svc', 'platform', serviceMigrations);
    logDb = await testDatabase('log', 'platform', logMigrations);
    broker = new PgLogBroker(logDb, log);
  });
  after(async () => {
    await svc.close();
    await logDb.close();
  });

  const write = async (count: number): Promise<CloudEvent[]> => {
    const key = randomUUID();
    const events = Array.from({ length: count }, (_, n) => envelope('test', Relayed, { key, n }));
    await svc.transaction((tx) => writeOutbox(tx, events));
    return events;
  };
  const unpublished = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox WHERE published_at IS NULL`.execute(
        svc.db,
      )
    ).rows[0]?.n;
  const inLog = async (events: CloudEvent[]) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM coordina_log WHERE id = ANY(${events.map((e) => e.id)}::uuid[])`.execute(
        logDb.db,
      )
    ).rows[0]?.n;

  it('leaves no row unmarked once the outbox is drained, over several rounds', async () => {
    // Batches of 7: 30 rows take 5 rounds, the last one marked by a round that finds nothing.
    const relay = new OutboxRelay('test', svc, broker, log, 7);
    const events = await write(30);
    relay.start();
    try {
      await eventually(async () => ((await unpublished()) === 0 ? true : undefined));
      assert.equal(await inLog(events), 30);
    } finally {
      await relay.stop();
    }
  });

  // Decision 0122: the leader's own poll is ten minutes away here; only the NOTIFY of the outbox
  // insert can wake it for rows written while it naps.
  it('relays rows written while it naps, woken by the notification of their insert', async () => {
    const relay = new OutboxRelay('test', svc, broker, log, 500, 600_000);
    relay.start();
    try {
      // Leading, its first rows relayed and marked by the round that found nothing: napping now.
      await write(1);
      await eventually(async () => ((await unpublished()) === 0 ? true : undefined));
      const events = await write(3);
      await eventually(async () => ((await inLog(events)) === 3 ? true : undefined));
    } finally {
      await relay.stop();
    }
  });

  it('relays a trickle of commits with one statement per row, and marks the last row with no commit after it (decision 0138)', async () => {
    const { database: counted, statements: counter } = countingDatabase(svc);
    let appended: (() => void) | undefined;
    const watched: LogBroker = {
      kind: broker.kind,
      append: async (events) => {
        await broker.append(events);
        appended?.();
      },
      subscribe: (group, topics, handler) => broker.subscribe(group, topics, handler),
      replay: (...args) => broker.replay(...args),
      lag: (...args) => broker.lag(...args),
      close: () => broker.close(),
    };
    // The leader's own poll is ten minutes away: only NOTIFYs and the relay's own wake-up start rounds. That
    // wake-up, for rows acknowledged and not marked, is two seconds away (50 ms in a service), so the
    // count does not depend on how fast this machine runs the loop.
    const relay = new OutboxRelay('test', counted, watched, log, 500, 600_000, 2_000);
    relay.start();
    try {
      await eventually(async () => counter() > 0 && (await unpublished()) === 0);
      const from = counter();
      const rows = 10;
      // Each row committed as soon as the one before it reached the broker.
      for (let n = 0; n < rows; n++) {
        const relayed = new Promise<void>((resolve) => {
          appended = resolve;
        });
        await write(1);
        await relayed;
      }
      const used = counter() - from;
      // One round per row, which also marks the row before it; before 0138 each row took three.
      assert.ok(used <= rows + 1, `${used} statements for ${rows} rows`);
      await eventually(async () => ((await unpublished()) === 0 ? true : undefined));
    } finally {
      await relay.stop();
    }
  });

  it('marks the rows of its last round when it is stopped before the next round', async () => {
    let relay: OutboxRelay | undefined;
    let stopped: Promise<void> | undefined;
    // The broker acknowledges, then the relay is told to stop: no further round will mark these rows.
    const stopping: LogBroker = {
      kind: broker.kind,
      append: async (events) => {
        await broker.append(events);
        stopped ??= relay?.stop();
      },
      subscribe: (group, topics, handler) => broker.subscribe(group, topics, handler),
      replay: (...args) => broker.replay(...args),
      lag: (...args) => broker.lag(...args),
      close: () => broker.close(),
    };
    relay = new OutboxRelay('test', svc, stopping, log);
    const events = await write(5);
    relay.start();
    await eventually(async () => (stopped ? true : undefined));
    await stopped;
    assert.equal(await inLog(events), 5);
    assert.equal(await unpublished(), 0, 'every row the broker has is marked published');
  });

  it('picks the next rows while a batch is being appended, appends one batch at a time in outbox order, and sends nothing behind a failed append (decision 0111)', async () => {
    let calls = 0;
    let active = 0;
    let overlapped = false;
    let pipelined = false;
    const appended: CloudEvent[] = [];
    // The relay's statements on its database, counted (a pick per round).
    const { database: counted, statements: counter } = countingDatabase(svc);
    const watched: LogBroker = {
      kind: broker.kind,
      append: async (events) => {
        calls++;
        active++;
        if (active > 1) overlapped = true;
        try {
          // Two rounds picked the first two batches; only a relay that picks while an append is
          // in flight picks the third before this second append returns.
          if (calls === 2) pipelined = await eventually(async () => counter() >= 3, 10_000).catch(() => false);
          if (calls === 3) throw new Error('the broker refused this batch');
          await broker.append(events);
          appended.push(...events);
        } finally {
          active--;
        }
      },
      subscribe: (group, topics, handler) => broker.subscribe(group, topics, handler),
      replay: (...args) => broker.replay(...args),
      lag: (...args) => broker.lag(...args),
      close: () => broker.close(),
    };
    const relay = new OutboxRelay('test', counted, watched, log, 7);
    const events = await write(30);
    relay.start();
    try {
      await eventually(async () => ((await unpublished()) === 0 ? true : undefined), 30_000);
    } finally {
      await relay.stop();
    }
    assert.equal(overlapped, false, 'never two appends at once');
    assert.ok(calls > 5, 'the refused batch was appended again');
    assert.deepEqual(
      appended.map((e) => (e.data as { n: number }).n),
      events.map((e) => (e.data as { n: number }).n),
      'every row once, in outbox order, the refused batch before the rows picked behind it',
    );
    assert.equal(await inLog(events), 30);
    assert.ok(pipelined, 'the third batch was picked while the second was being appended');
  });
});
