import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import type { Database } from '../src/db/database';
import { createLogger } from '../src/observability/logger';
import { eventually } from '../src/testing/start-test-app';
import type { Subscription } from '../src/transport/log-broker';
import { envelope } from '../src/transport/outbox';
import { partitionFor } from '../src/transport/partitioner';
import { PgLogBroker } from '../src/transport/pg-log.broker';
import { logMigrations } from '../src/transport/platform-migrations';
import { countingDatabase, testDatabase } from './test-database';

const PARTITIONS = 4;
const contracts = ['subscribe.a', 'subscribe.b'].map((topic) =>
  defineEvent({ topic, version: 1, key: (d) => d.key, schema: z.object({ key: z.string(), n: z.number().int() }) }),
);
type Contract = (typeof contracts)[number];
const [topicA, topicB] = contracts as [Contract, Contract];
/** A topic of one test's own, read by its group from the start. */
const ownTopic = (topic: string): Contract =>
  defineEvent({ topic, version: 1, key: (d) => d.key, schema: z.object({ key: z.string(), n: z.number().int() }) });

/**
 * `group` of `consumer` reads a topic of its own from its start while `append(topic, key, n)` runs for
 * n = 0..rounds, each once the group handled the round before. Answers what the group saw, in
 * order, and how many statements `counter` counted from the end of the first round (the group's
 * reads as it starts are not counted). The subscription is left to the caller to stop.
 */
async function trickle(
  consumer: PgLogBroker,
  group: string,
  rounds: number,
  append: (topic: Contract, key: string, n: number) => Promise<void>,
  counter: () => number,
): Promise<{ topic: Contract; seen: number[]; used: number; sub: Subscription }> {
  const topic = ownTopic(`subscribe.${group}`);
  const key = randomUUID();
  const seen: number[] = [];
  let handled: (() => void) | undefined;
  const sub = await consumer.subscribe(group, [topic.topic], async (records) => {
    for (const r of records) seen.push((r.event.data as { n: number }).n);
    handled?.();
  });
  let from = 0;
  for (let n = 0; n <= rounds; n++) {
    const done = new Promise<void>((resolve) => {
      handled = resolve;
    });
    await append(topic, key, n);
    await done;
    // The handler returned; its batch ends in the microtasks after (the group learns the position it reached).
    await new Promise((resolve) => setImmediate(resolve));
    if (n === 0) from = counter();
  }
  return { topic, seen, used: counter() - from, sub };
}

/** The PostgreSQL log's subscriptions: one listening connection per process (decision 0077). */
describe('PostgreSQL log subscriptions', () => {
  let db: Database;
  let broker: PgLogBroker;
  const subs: Subscription[] = [];
  before(async () => {
    db = await testDatabase('subscribe', 'log', logMigrations);
    broker = new PgLogBroker(db, createLogger({ level: 'silent' }), { partitions: PARTITIONS });
  });
  after(async () => {
    await Promise.all(subs.map((s) => s.stop()));
    await broker.close();
    await db.close();
  });

  /** Backends of the log's database that are LISTENing (an idle connection shows its last statement). */
  async function listening(): Promise<number[]> {
    const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN %'`.execute(db.db);
    return r.rows.map((row) => row.pid);
  }

  it('listens on one connection for all its groups, and listens again when that connection is lost', async () => {
    const got = new Map<string, string[]>();
    for (const [group, topics] of [
      ['one', [topicA.topic]],
      ['two', [topicB.topic]],
      ['three', [topicA.topic, topicB.topic]],
    ] as const) {
      got.set(group, []);
      subs.push(
        await broker.subscribe(`listen-${group}`, topics, async (records) => {
          for (const r of records) got.get(group)?.push(`${r.event.type}:${(r.event.data as { n: number }).n}`);
        }),
      );
    }
    assert.equal((await listening()).length, 1, 'one LISTEN connection for the process');
    const key = randomUUID();
    await broker.append([envelope('test', topicA, { key, n: 1 }), envelope('test', topicB, { key, n: 2 })]);
    await eventually(async () => got.get('three')?.length === 2 && got.get('one')?.length === 1);
    await eventually(async () => got.get('two')?.length === 1);
    assert.deepEqual(got.get('one'), ['subscribe.a:1']);
    assert.deepEqual(got.get('two'), ['subscribe.b:2']);
    // The listening backend goes away (a server restart would do the same): the next poll listens again.
    const [old] = await listening();
    await sql`SELECT pg_terminate_backend(${old}::int)`.execute(db.db);
    await eventually(async () => {
      const now = await listening();
      return now.length === 1 && now[0] !== old;
    }, 20_000);
    await broker.append([envelope('test', topicB, { key, n: 3 })]);
    await eventually(async () => got.get('two')?.length === 2 && got.get('three')?.length === 3);
  });

  // Decision 0094: a round's positions are written by the next round's read.
  it('writes the positions a round reached with its next read: every record once, and a new member resumes after them', async () => {
    const group = `positions-${randomUUID().slice(0, 8)}`;
    const seen = new Map<string, number>();
    const first = await broker.subscribe(group, [topicA.topic], async (records) => {
      for (const r of records) seen.set(r.event.id, (seen.get(r.event.id) ?? 0) + 1);
    });
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      const events = Array.from({ length: 8 }, (_, n) => envelope('test', topicA, { key: randomUUID(), n }));
      ids.push(...events.map((e) => e.id));
      await broker.append(events);
      await eventually(async () => ids.every((id) => seen.has(id)));
    }
    // Written once the group is idle (its last read wrote them): no lag.
    await eventually(async () => (await broker.lag(group, [topicA.topic])).every((p) => p.lag === 0));
    await first.stop();
    assert.deepEqual(
      ids.filter((id) => seen.get(id) !== 1),
      [],
      'every record handled once',
    );
    const later = envelope('test', topicA, { key: randomUUID(), n: 9 });
    const again: string[] = [];
    subs.push(
      await broker.subscribe(group, [topicA.topic], async (records) => {
        for (const r of records) again.push(r.event.id);
      }),
    );
    await broker.append([later]);
    await eventually(async () => again.includes(later.id));
    assert.deepEqual(again, [later.id]);
  });

  it('reads a trickle of records with one statement each, and writes the last position with no record after it (decision 0138)', async () => {
    const { database: counted, statements: counter } = countingDatabase(db);
    // The group's wake-up to write positions no read wrote is two seconds away (50 ms in a service), so the
    // count does not depend on how fast this machine runs the loop; the sweep, ten minutes.
    const reader = new PgLogBroker(counted, createLogger({ level: 'silent' }), {
      partitions: PARTITIONS,
      positionsWithinMs: 2_000,
      sweepMs: 600_000,
    });
    const records = 10;
    // Each record appended by another broker (the NOTIFY wakes the group), as soon as the one before it was handled.
    const { topic, seen, used, sub } = await trickle(
      reader,
      'trickle',
      records,
      (topic, key, n) => broker.append([envelope('test', topic, { key, n })]),
      counter,
    );
    try {
      assert.deepEqual(seen, [...Array(records + 1).keys()]);
      // One read per record, which also writes the position before it (a notification that came during a round that had read its record already adds one); before 0138 this took 15-17.
      assert.ok(used <= records + 2, `${used} statements for ${records} records`);
      // The group's own poll and the sweep are ten minutes away: the last position is written by the group's wake-up.
      const lag = async () => (await broker.lag('trickle', [topic.topic])).every((p) => p.lag === 0);
      await eventually(async () => ((await lag()) ? true : undefined), 5_000);
    } finally {
      await sub.stop();
      await reader.close();
    }
  });

  // Decision 0145: records appended by this process are handed to its groups, without a read.
  it('hands records this process appended to its groups at once, in order, with no read, and writes their positions', async () => {
    const { database: counted, statements: counter } = countingDatabase(db);
    // Positions are written by stop() here: the group's wake-ups to write them are ten minutes away.
    const local = new PgLogBroker(counted, createLogger({ level: 'silent' }), {
      partitions: PARTITIONS,
      positionsWithinMs: 600_000,
      handedPositionsWithinMs: 600_000,
      sweepMs: 600_000,
    });
    const records = 10;
    // Two records a round, appended by the group's own broker; the first round is read (no position known yet).
    const { topic, seen, used, sub } = await trickle(
      local,
      'handover',
      records,
      (topic, key, n) =>
        local.append([envelope('test', topic, { key, n: 2 * n }), envelope('test', topic, { key, n: 2 * n + 1 })]),
      counter,
    );
    try {
      assert.deepEqual(seen, [...Array(2 * (records + 1)).keys()]);
      // The appends alone: no read (with the old broker, 21). The process's sweep runs once as the group starts: on a
      // loaded machine that may come after the first round, and finds the group behind (its position is not written
      // yet), which makes a statement and a read more.
      assert.ok(used <= records + 2, `${used} statements for ${records} appends`);
      await sub.stop();
      assert.ok(
        (await local.lag('handover', [topic.topic])).every((p) => p.lag === 0),
        'positions written',
      );
    } finally {
      await sub.stop();
      await local.close();
    }
  });

  it('chains batches appended while a partition is busy after the one being handled, and after a failure reads them again in order', async () => {
    const { database: counted, texts } = countingDatabase(db);
    // A read round's positions are written soon after it; a handed batch's, ten minutes later.
    const local = new PgLogBroker(counted, createLogger({ level: 'silent' }), {
      partitions: PARTITIONS,
      positionsWithinMs: 100,
      handedPositionsWithinMs: 600_000,
      sweepMs: 600_000,
    });
    const topic = ownTopic('subscribe.chained');
    const key = randomUUID();
    const seen: number[] = [];
    let hold: Promise<void> | undefined;
    let failOn: number | undefined;
    const sub = await local.subscribe('chained', [topic.topic], async (records) => {
      await hold;
      for (const r of records) {
        const n = (r.event.data as { n: number }).n;
        if (n === failOn) {
          failOn = undefined;
          throw new Error(`handler fails on ${n} once`);
        }
        seen.push(n);
      }
    });
    const append = (n: number) => local.append([envelope('test', topic, { key, n })]);
    try {
      // The first record is read (no position known yet); once its position is written, the group is idle.
      await append(0);
      await eventually(async () => seen.length === 1);
      await eventually(async () =>
        (await local.lag('chained', [topic.topic])).every((p) => p.lag === 0) ? true : undefined,
      );
      let release = () => {};
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      const from = texts.length;
      // 1 is handed over and waits in the handler; 2 and 3 come while the partition is busy.
      for (const n of [1, 2, 3]) await append(n);
      release();
      await eventually(async () => seen.length === 4);
      assert.deepEqual(seen, [0, 1, 2, 3]);
      // The three appends, and no read (the log's reads begin WITH moves); the process's sweep may look once.
      assert.deepEqual(
        texts.slice(from).filter((t) => !t.startsWith('SELECT DISTINCT')),
        ['WITH input AS', 'WITH input AS', 'WITH input AS'],
      );
      // A failure in a chain: 5 fails once, and 6, chained after it, waits for 5 to be read and handled again.
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      failOn = 5;
      for (const n of [4, 5, 6]) await append(n);
      release();
      await eventually(async () => seen.length === 7, 15_000);
      assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6]);
    } finally {
      await sub.stop();
      await local.close();
    }
  });

  it('writes the position of a batch handed over within handedPositionsWithinMs, with no read or stop after it', async () => {
    const local = new PgLogBroker(db, createLogger({ level: 'silent' }), {
      partitions: PARTITIONS,
      positionsWithinMs: 600_000,
      handedPositionsWithinMs: 200,
      sweepMs: 600_000,
    });
    const { topic, seen, sub } = await trickle(
      local,
      'handedpositions',
      1,
      (topic, key, n) => local.append([envelope('test', topic, { key, n })]),
      () => 0,
    );
    try {
      assert.deepEqual(seen, [0, 1]);
      // The second record was handed over (the first read taught the position), and nothing reads after it.
      await eventually(
        async () => ((await local.lag('handedpositions', [topic.topic])).every((p) => p.lag === 0) ? true : undefined),
        5_000,
      );
    } finally {
      await sub.stop();
      await local.close();
    }
  });

  it('reads a partition again after a replay back to where a handled batch started, its position not yet written (decision 0138)', async () => {
    // The handled batch's position stays unwritten: no record follows, and the group's wake-up is ten minutes away.
    const waiting = new PgLogBroker(db, createLogger({ level: 'silent' }), {
      partitions: PARTITIONS,
      positionsWithinMs: 600_000,
    });
    const topic = ownTopic('subscribe.replayed');
    const seen: number[] = [];
    const sub = await waiting.subscribe('replayed', [topic.topic], async (records) => {
      for (const r of records) seen.push((r.event.data as { n: number }).n);
    });
    try {
      await broker.append([envelope('test', topic, { key: randomUUID(), n: 1 })]);
      await eventually(async () => seen.length === 1);
      // Back to the start: the position the batch was read from (-1), which its pending write compares against.
      await waiting.replay('replayed', { topic: topic.topic, offset: 0 });
      await eventually(async () => seen.length === 2);
      assert.deepEqual(seen, [1, 1]);
    } finally {
      await sub.stop();
      await waiting.close();
    }
  });

  it('writes the positions of a round that was handling when it stopped', async () => {
    const group = `stopping-${randomUUID().slice(0, 8)}`;
    let release = () => {};
    const released = new Promise<void>((res) => {
      release = res;
    });
    let handling = false;
    const events = Array.from({ length: 4 }, (_, n) => envelope('test', topicA, { key: randomUUID(), n }));
    const mine = new Set(events.map((e) => e.id));
    // The topic holds the earlier tests' records too: those go by; the round with these waits.
    const sub = await broker.subscribe(group, [topicA.topic], async (records) => {
      if (!records.some((r) => mine.has(r.event.id))) return;
      handling = true;
      await released;
    });
    await broker.append(events);
    await eventually(async () => handling);
    // Stopping while the round handles: that round is the last, and no read follows it.
    const stopped = sub.stop();
    release();
    await stopped;
    assert.ok(
      (await broker.lag(group, [topicA.topic])).every((p) => p.lag === 0),
      'positions written at stop',
    );
  });

  // Decision 0122: a notification can be missed (sent while the listening connection was being
  // replaced). The group's own idle poll is ten minutes away here: only the process's one sweep
  // can find the record.
  it('finds a record whose notification was missed by the sweep, without the group polling', async () => {
    const quiet = new PgLogBroker(db, createLogger({ level: 'silent' }), {
      partitions: PARTITIONS,
      sweepMs: 200,
      groupIdleMs: 600_000,
    });
    const group = `sweep-${randomUUID().slice(0, 8)}`;
    const got: string[] = [];
    const sub = await quiet.subscribe(group, [topicB.topic], async (records) => {
      for (const r of records) got.push(r.event.id);
    });
    try {
      // Caught up with the earlier tests' records, and napping.
      await eventually(async () => (await quiet.lag(group, [topicB.topic])).every((p) => p.lag === 0));
      const missed = envelope('test', topicB, { key: randomUUID(), n: 7 });
      const partition = partitionFor(missed.subject, PARTITIONS);
      // Appended as append() does, without its pg_notify.
      await db.transaction(async (tx) => {
        const r = await sql<{ next: string }>`INSERT INTO coordina_log_partitions AS p (topic, partition, next_offset)
          VALUES (${missed.type}, ${partition}, 1)
          ON CONFLICT (topic, partition) DO UPDATE SET next_offset = p.next_offset + 1
          RETURNING next_offset AS next`.execute(tx);
        await sql`INSERT INTO coordina_log (topic, partition, "offset", id, key, event)
          VALUES (${missed.type}, ${partition}, ${Number(r.rows[0]?.next) - 1}, ${missed.id}, ${missed.subject},
            ${JSON.stringify(missed)}::jsonb)`.execute(tx);
      });
      await eventually(async () => got.includes(missed.id));
    } finally {
      await sub.stop();
      await quiet.close();
    }
  });
});
