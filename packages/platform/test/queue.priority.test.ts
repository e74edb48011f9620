import assert from 'node:assert/strict';
import { after, describe, it, mock } from 'node:test';
import { sql } from 'kysely';
import { Database } from '../src/db/database';
import type { PriorityLevel } from '../src/queue/priority.policy';
import { RequestPressure } from '../src/runtime/request-pressure';
import { eventually } from '../src/testing/start-test-app';
import { countdown, QueueFixture } from './queue.fixture';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('priority queue ordering', () => {
  const fixture = new QueueFixture();
  after(() => fixture.close());

  it('runs urgent jobs before most of a 2,000-job low-priority backlog', async () => {
    const queue = await fixture.open();
    const concurrency = 4;
    const order: string[] = [];
    const lowStarted = countdown(50);
    const urgentDone = countdown(20);
    await queue.send('flood', { kind: 'warm-up' }, { priority: 'low' });
    await queue.work<{ kind: string }>(
      'flood',
      async (job) => {
        await new Promise((r) => setImmediate(r));
        order.push(job.data.kind);
        if (job.data.kind === 'low') lowStarted.tick();
        if (job.data.kind === 'urgent') urgentDone.tick();
      },
      { concurrency },
    );
    await queue.sendMany(
      'flood',
      Array.from({ length: 2000 }, () => ({ data: { kind: 'low' }, priority: 'low' as const })),
    );
    await lowStarted.done;
    await queue.sendMany(
      'flood',
      Array.from({ length: 20 }, () => ({ data: { kind: 'urgent' }, priority: 'urgent' as const })),
    );
    const lowBefore = order.filter((k) => k === 'low').length;
    await urgentDone.done;
    const lowAfter = order.filter((k) => k === 'low').length;
    // Once the urgent jobs are committed, each lane finishes at most the low job it already holds.
    assert.ok(lowAfter - lowBefore <= concurrency, `${lowAfter - lowBefore} low jobs ran before the urgent ones`);
    assert.ok(lowAfter < 1000, `the urgent jobs finished only after ${lowAfter} of 2,000 low jobs`);
  });

  it('runs a job sent in a transaction once that commits, however long the transaction takes (decision 0078)', async () => {
    // Idle for ten minutes: only a wake-up after the commit can start the job in time.
    const queue = await fixture.open({ idleMs: 600_000 });
    const ran = countdown(1);
    await queue.work('after-commit', async () => ran.tick(), { concurrency: 1 });
    const db = new Database(fixture.url);
    try {
      await db.transaction(async (tx) => {
        await queue.send('after-commit', { n: 1 }, { tx });
        // A slow transaction: it commits long after the send.
        await sql`SELECT pg_sleep(1)`.execute(tx);
      });
      await ran.done;
    } finally {
      await db.close();
    }
  });

  it('keeps one lane working while a rush of commands holds the others back', async () => {
    // The test's own command pressure (an app's is injected the same way); its lanes that give
    // way wait in calm() while commands press, here without its 10 s bound: a slow machine
    // cannot let them through before the jobs ran.
    class Held extends RequestPressure {
      held = 0;
      override async calm(): Promise<void> {
        this.held++;
        try {
          while (this.pressed) await sleep(5);
        } finally {
          this.held--;
        }
      }
    }
    const pressure = new Held();
    const queue = await fixture.open({ pressure });
    const concurrency = 4;
    const lanes = new Set<number>();
    let running = 0;
    let finished = 0;
    pressure.follow(1_000_000);
    try {
      await queue.work(
        'rush',
        async () => {
          running++;
          lanes.add(running);
          await sleep(20);
          running--;
          finished++;
        },
        { concurrency },
      );
      await eventually(async () => pressure.held === concurrency - 1);
      await queue.sendMany(
        'rush',
        Array.from({ length: 6 }, () => ({ data: {}, priority: 'urgent' as const })),
      );
      await eventually(async () => finished === 6);
      assert.deepEqual([...lanes], [1], 'one job at a time while commands press');
      assert.equal(pressure.held, concurrency - 1, 'the first lane ran all six; the others were still held back');
    } finally {
      pressure.follow(0);
    }
  });

  it('runs the jobs of one level first in, first out', async () => {
    const queue = await fixture.open();
    for (let i = 0; i < 40; i++) await queue.send('fifo', { i }, { priority: 'normal' });
    const seen: number[] = [];
    const done = countdown(40);
    await queue.work<{ i: number }>(
      'fifo',
      async (job) => {
        seen.push(job.data.i);
        done.tick();
      },
      { concurrency: 1 },
    );
    await done.done;
    assert.deepEqual(
      seen,
      Array.from({ length: 40 }, (_, i) => i),
    );
  });

  it('ages a waiting low job past newer normal jobs, so nothing starves', async () => {
    // One level is worth 2 s of waiting here (15 min by default). The clock the priority reads
    // says the old job became runnable 3 s before the others, without waiting for it.
    const queue = await fixture.open({ agingStepSeconds: 2 });
    const priority = queue.policy.priority.bind(queue.policy);
    const threeSecondsAgo = mock.method(queue.policy, 'priority', (level: PriorityLevel, at: Date) =>
      priority(level, new Date(at.getTime() - 3000)),
    );
    await queue.send('aging', { name: 'old-low' }, { priority: 'low' });
    threeSecondsAgo.mock.restore();
    assert.equal(threeSecondsAgo.mock.callCount(), 1);
    for (let i = 0; i < 5; i++) await queue.send('aging', { name: `normal-${i}` }, { priority: 'normal' });
    await queue.send('aging', { name: 'new-low' }, { priority: 'low' });
    const seen: string[] = [];
    const done = countdown(7);
    await queue.work<{ name: string }>(
      'aging',
      async (job) => {
        seen.push(job.data.name);
        done.tick();
      },
      { concurrency: 1 },
    );
    await done.done;
    assert.deepEqual(seen, ['old-low', 'normal-0', 'normal-1', 'normal-2', 'normal-3', 'normal-4', 'new-low']);
  });

  it('retries a failing job with exponentially growing delays', async () => {
    const queue = await fixture.open({ retry: { retryLimit: 3, retryDelaySeconds: 1 } });
    const attempts: { at: number; retryCount: number }[] = [];
    const done = countdown(3);
    await queue.work(
      'flaky',
      async (job) => {
        attempts.push({ at: Date.now(), retryCount: job.retryCount });
        done.tick();
        if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
      },
      { concurrency: 1 },
    );
    await queue.send('flaky', { x: 1 }, { priority: 'high' });
    await done.done;
    assert.deepEqual(
      attempts.map((a) => a.retryCount),
      [0, 1, 2],
    );
    const [a, b, c] = attempts.map((x) => x.at);
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    // Backoff with jitter: the first wait is 1–2 s, the second 2–4 s.
    assert.ok(b - a >= 900, `first retry after ${b - a} ms`);
    assert.ok(c - b >= 1900, `second retry after ${c - b} ms`);
  });

  it('sends a job once per singleton key and cancels it by that key', async () => {
    const queue = await fixture.open();
    const later = new Date(Date.now() + 60_000);
    const first = await queue.send('once', { n: 1 }, { singletonKey: 'booking-1:r24', startAfter: later });
    const again = await queue.send('once', { n: 2 }, { singletonKey: 'booking-1:r24', startAfter: later });
    assert.ok(first);
    assert.equal(again, null);
    assert.equal(await queue.cancel('once', 'booking-1:r24'), true);
    assert.equal(await queue.cancel('once', 'booking-1:r24'), false);
    assert.equal(await queue.cancel('once', 'never-sent'), false);
  });
});
