import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../contracts/event-contract';
import { Database, ensureDatabase, withDatabase } from '../db/database';
import { migrate } from '../db/migrator';
import { createLogger } from '../observability/logger';
import { startSpan, withSpan } from '../observability/tracing';
import { RequestPressure } from '../runtime/request-pressure';
import { startTracing } from '../runtime/tracing.sdk';
import { on } from '../transport/consumer';
import { EventBus } from '../transport/event-bus';
import type { LogBroker } from '../transport/log-broker';
import { serviceMigrations } from '../transport/platform-migrations';
import { eventually, testPostgresUrl, uniquePrefix } from './start-test-app';

const Tested = defineEvent({
  topic: `conformance.tested`,
  version: 1,
  key: (d) => d.key,
  schema: z.object({ key: z.string(), n: z.number().int() }),
});

export interface BrokerFactory {
  /** A broker connected to a fresh namespace (topics, groups) for one test. */
  create(): Promise<LogBroker>;
  close?(): Promise<void>;
}

interface Harness {
  db: Database;
  broker: LogBroker;
  bus: EventBus;
  group: string;
  seen(key?: string): Promise<{ key: string; n: number }[]>;
  publish(items: { key: string; n: number }[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The transport conformance suite: every broker (PostgreSQL log, Kafka) must pass these
 * same tests: order per key, at-least-once delivery, inbox dedupe, replay, and the
 * failed/hold registries of principle 6.
 */
export function transportConformance(name: string, factory: BrokerFactory): void {
  describe(`event transport conformance: ${name}`, () => {
    const log = createLogger({ level: 'silent' });
    const open: Harness[] = [];
    /** The suite's own command pressure (as an app's), which its non-urgent groups give way to. */
    const pressure = new RequestPressure();

    before(async () => undefined);
    after(async () => {
      for (const h of open) await h.stop();
      await factory.close?.();
    });

    async function harness(
      options: { failFor?: Set<string>; transientFailures?: number; broker?: LogBroker; urgent?: boolean } = {},
    ): Promise<Harness> {
      const admin = testPostgresUrl();
      const dbName = `${uniquePrefix()}conformance`;
      await ensureDatabase(admin, dbName);
      const db = new Database(withDatabase(admin, dbName));
      await migrate(db, 'platform', serviceMigrations);
      await sql`CREATE TABLE seen (seq bigserial PRIMARY KEY, key text NOT NULL, n int NOT NULL, event_id uuid NOT NULL)`.execute(
        db.db,
      );
      const broker = options.broker ?? (await factory.create());
      const bus = new EventBus('conformance', db, broker, log, undefined, pressure);
      const group = `conformance.${randomUUID().slice(0, 8)}`;
      let transient = options.transientFailures ?? 0;
      bus.subscribe({
        group,
        retry: { attempts: 6, baseMs: 5, maxMs: 20 },
        urgent: options.urgent,
        handlers: [
          on(Tested, async (data, event, tx) => {
            if (options.failFor?.has(`${data.key}:${data.n}`)) throw new Error(`broken ${data.key}:${data.n}`);
            await sql`INSERT INTO seen (key, n, event_id) VALUES (${data.key}, ${data.n}, ${event.id})`.execute(tx);
            if (transient > 0) {
              transient--;
              throw new Error('transient failure after the effect: must roll back and be redelivered');
            }
          }),
        ],
      });
      await bus.start();
      const h: Harness = {
        db,
        broker,
        bus,
        group,
        async seen(key) {
          const r = await sql<{ key: string; n: number }>`SELECT key, n FROM seen
            ${key ? sql`WHERE key = ${key}` : sql``} ORDER BY seq`.execute(db.db);
          return r.rows;
        },
        async publish(items) {
          await db.transaction(async (tx) => {
            for (const i of items) await bus.publish(tx, Tested, i);
          });
        },
        async stop() {
          await bus.stop();
          if (!options.broker) await broker.close();
          await db.close();
        },
      };
      open.push(h);
      return h;
    }

    const keysOf = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

    it('delivers events with the same key in the order they were published', async () => {
      const h = await harness();
      const keys = keysOf(8, randomUUID());
      for (let n = 0; n < 25; n++) await h.publish(keys.map((key) => ({ key, n })));
      await eventually(async () => (await h.seen()).length === 200);
      for (const key of keys) {
        assert.deepEqual(
          (await h.seen(key)).map((r) => r.n),
          Array.from({ length: 25 }, (_, i) => i),
        );
      }
    });

    it('lets an urgent group handle events during a rush of commands while other groups wait for it to pass', async () => {
      const waiting = await harness();
      const urgent = await harness({ urgent: true });
      const key = randomUUID();
      pressure.follow(1_000_000);
      try {
        await waiting.publish([{ key, n: 1 }]);
        await urgent.publish([{ key, n: 1 }]);
        await eventually(async () => (await urgent.seen(key)).length === 1, 8000);
        assert.equal((await waiting.seen(key)).length, 0, 'a non-urgent group waits while commands press');
      } finally {
        pressure.follow(0);
      }
      await eventually(async () => (await waiting.seen(key)).length === 1, 8000);
    });

    it("reports a group's lag per topic: the records appended and those it has not handled yet", async () => {
      const h = await harness();
      const key = randomUUID();
      const lag = async () => (await h.bus.lag()).find((l) => l.group === h.group && l.topic === Tested.topic);
      // While commands press, the (non-urgent) group waits: what is published stays unhandled.
      pressure.follow(1_000_000);
      try {
        await h.publish([0, 1, 2].map((n) => ({ key, n })));
        const behind = await eventually(async () => {
          const l = await lag();
          return l && l.lag === 3 ? l : undefined;
        }, 8000);
        assert.equal(behind.end, 3, 'three records appended');
        assert.ok(behind.partitions >= 1);
      } finally {
        pressure.follow(0);
      }
      await eventually(async () => (await h.seen(key)).length === 3, 8000);
      const caughtUp = await eventually(async () => {
        const l = await lag();
        return l && l.lag === 0 ? l : undefined;
      }, 8000);
      assert.equal(caughtUp.end, 3);
    });

    it('redelivers an event whose handler failed, until its effect commits exactly once', async () => {
      const h = await harness({ transientFailures: 5 });
      const keys = keysOf(5, randomUUID());
      await h.publish(keys.map((key) => ({ key, n: 1 })));
      await eventually(async () => (await h.seen()).length >= 5);
      // A later event on each key: once it is handled, every redelivery before it is over (per-key order).
      await h.publish(keys.map((key) => ({ key, n: 2 })));
      await eventually(async () => (await h.seen()).filter((r) => r.n === 2).length === 5);
      assert.equal((await h.seen()).filter((r) => r.n === 1).length, 5, 'each effect exactly once');
    });

    it('deduplicates a redelivered event by its id in the inbox', async () => {
      const h = await harness();
      const key = randomUUID();
      await h.publish([{ key, n: 1 }]);
      await eventually(async () => (await h.seen(key)).length === 1);
      const r = await sql<{ event: never }>`SELECT event FROM coordina_outbox LIMIT 1`.execute(h.db.db);
      const event = r.rows[0]?.event;
      assert.ok(event);
      const runner = h.bus.runners[0];
      assert.ok(runner);
      assert.equal(await runner.handleEvent(event), 'duplicate');
      await h.bus.replay(h.group, { topic: Tested.topic, offset: 0 });
      // The replayed event comes before this one on the key: once this is handled, so was the replay.
      await h.publish([{ key, n: 2 }]);
      await eventually(async () => (await h.seen(key)).some((r) => r.n === 2));
      assert.deepEqual(
        (await h.seen(key)).map((r) => r.n),
        [1, 2],
        'the replayed event was a duplicate',
      );
    });

    it('replays a group from a position and reprocesses when asked', async () => {
      const h = await harness();
      const key = randomUUID();
      await h.publish([0, 1, 2].map((n) => ({ key, n })));
      await eventually(async () => (await h.seen(key)).length === 3);
      await h.bus.replay(h.group, { topic: Tested.topic, offset: 0 }, { reprocess: true });
      await eventually(async () => (await h.seen(key)).length === 6);
      assert.deepEqual(
        (await h.seen(key)).map((r) => r.n),
        [0, 1, 2, 0, 1, 2],
      );
    });

    it('parks a failing event, holds later events of its key while others flow, and drains them in order after a retry', async () => {
      const failFor = new Set<string>();
      const h = await harness({ failFor });
      const k = randomUUID();
      const others = keysOf(4, randomUUID());
      failFor.add(`${k}:2`);
      await h.publish([1, 2, 3, 4, 5].map((n) => ({ key: k, n })));
      await h.publish(others.map((key) => ({ key, n: 1 })));
      await eventually(async () => (await h.seen()).filter((r) => r.key !== k).length === 4);
      const runner = h.bus.runners[0];
      assert.ok(runner);
      const failed = await eventually(async () => {
        const l = await runner.registry.list('FAILED');
        return l.length === 1 && l[0]?.heldCount === 3 ? l : undefined;
      });
      assert.equal(failed[0]?.key, k);
      assert.match(failed[0]?.reason ?? '', /broken/);
      assert.deepEqual(
        (await h.seen(k)).map((r) => r.n),
        [1],
      );
      assert.equal((await runner.registry.listHeld()).length, 3);
      await h.publish([{ key: k, n: 6 }]);
      await eventually(async () => (await runner.registry.listHeld()).length === 4);
      failFor.clear();
      const id = failed[0]?.id;
      assert.ok(id);
      const retried = await runner.registry.retry(id);
      assert.equal(retried.status, 'RETRIED');
      assert.deepEqual(
        (await h.seen(k)).map((r) => r.n),
        [1, 2, 3, 4, 5, 6],
      );
      assert.equal((await runner.registry.listHeld()).length, 0);
      await h.publish([{ key: k, n: 7 }]);
      await eventually(async () => (await h.seen(k)).length === 7);
    });

    it('releases held events in order when the failed event is discarded', async () => {
      const failFor = new Set<string>();
      const h = await harness({ failFor });
      const k = randomUUID();
      failFor.add(`${k}:1`);
      await h.publish([1, 2, 3].map((n) => ({ key: k, n })));
      const runner = h.bus.runners[0];
      assert.ok(runner);
      const failed = await eventually(async () => {
        const l = await runner.registry.list('FAILED');
        return l.length === 1 && l[0]?.heldCount === 2 ? l : undefined;
      });
      const id = failed[0]?.id;
      assert.ok(id);
      assert.equal((await runner.registry.discard(id)).status, 'DISCARDED');
      assert.deepEqual(
        (await h.seen(k)).map((r) => r.n),
        [2, 3],
      );
    });

    it('parks an event whose data breaks its contract at once, naming the field', async () => {
      const h = await harness();
      const bad = {
        specversion: '1.0' as const,
        id: randomUUID(),
        source: 'test',
        type: Tested.topic,
        subject: randomUUID(),
        time: new Date().toISOString(),
        datacontenttype: 'application/json' as const,
        dataschema: 'urn:test',
        data: { key: 'x', n: 'not-a-number' },
      };
      const runner = h.bus.runners[0];
      assert.ok(runner);
      assert.equal(await runner.handleEvent(bad), 'parked');
      const failed = await runner.registry.list('FAILED');
      assert.equal(failed.length, 1);
      assert.match(failed[0]?.reason ?? '', /invalid event data: n:/);
    });

    it('carries the producer trace to the consumer: insert, publish, receive, claim, handle (tracing on)', async () => {
      const h = await harness();
      const tracing = startTracing('memory', 'conformance');
      try {
        const root = startSpan('test');
        assert.ok(root);
        const key = randomUUID();
        // Several events of one key: the consumer handles them as a batch (one transaction).
        await withSpan(root, () => h.publish([1, 2, 3, 4].map((n) => ({ key, n }))));
        root.end();
        const traceId = root.spanContext().traceId;
        const spans = await eventually(async () => {
          const now = tracing.spans().filter((s) => s.traceId === traceId);
          return now.filter((s) => s.name.startsWith('receive ')).length === 4 ? now : undefined;
        });
        const byId = new Map(spans.map((s) => [s.spanId, s]));
        const named = (prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
        assert.equal(named('outbox.insert').length, 4);
        assert.equal(named('publish ').length, 4);
        for (const s of named('publish ')) {
          assert.equal(byId.get(s.parentId ?? '')?.name, 'outbox.insert');
          assert.equal(s.attributes['messaging.system'], h.broker.kind);
        }
        for (const r of named('receive ')) {
          assert.equal(byId.get(r.parentId ?? '')?.name, 'outbox.insert', 'the consumer continues the producer');
          // Its commit: a child (a batch's transaction) or its transaction's child (one record alone).
          const under = (id: string): string[] =>
            spans.filter((s) => s.parentId === id).flatMap((s) => [s.name, ...under(s.spanId)]);
          assert.ok(under(r.spanId).includes('db.commit'), `${r.name} has its commit: ${under(r.spanId).join(', ')}`);
        }
        for (const s of [...named('inbox.claim'), ...named('handle ')]) assert.ok(byId.has(s.parentId ?? ''), s.name);
        assert.equal(named('handle ').length, 4);
      } finally {
        await tracing.shutdown();
      }
    });
  });
}
