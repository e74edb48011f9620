import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { bestFirst } from '../src/queue/queue.worker';
import { eventually } from '../src/testing/start-test-app';
import { countdown, QueueFixture } from './queue.fixture';

/** A promise and the function that settles it. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

/**
 * Batches (decision 0140): with `batchSize`, every lane but the first fetches several jobs at
 * once, runs them in order and completes those that succeeded together; the first lane still
 * takes one job at a time, so an urgent job never waits behind a batch.
 */
describe('queue batches', () => {
  const fixture = new QueueFixture();
  after(() => fixture.close());

  it('has a lane after the first fetch up to batchSize jobs at once, the first lane one', async () => {
    const queue = await fixture.open();
    await queue.define('batched');
    const keys = Array.from({ length: 10 }, (_, i) => `b${i}`);
    await queue.sendMany(
      'batched',
      keys.map((k) => ({ data: { k }, singletonKey: k, priority: 'low' as const })),
    );
    const held = gate();
    const entered = countdown(2);
    const ran: string[] = [];
    await queue.work<{ k: string }>(
      'batched',
      async (job) => {
        ran.push(job.data.k);
        entered.tick();
        await held.opened;
      },
      { concurrency: 2, batchSize: 5 },
    );
    await entered.done;
    let states: (string | undefined)[];
    try {
      states = await Promise.all(keys.map(async (k) => (await queue.find('batched', k))?.state));
    } finally {
      held.open();
    }
    assert.equal(states.filter((s) => s === 'active').length, 6, `states while both lanes run: ${states.join(',')}`);
    await eventually(async () => {
      const now = await Promise.all(keys.map(async (k) => (await queue.find('batched', k))?.state));
      return now.every((s) => s === 'completed');
    });
    assert.deepEqual([...ran].sort(), [...keys].sort(), 'each job ran once');
  });

  it('runs an urgent job first, whether the first lane fetched it alone or the second in its batch', async () => {
    const queue = await fixture.open();
    await queue.define('mixed');
    await queue.sendMany('mixed', [
      ...Array.from({ length: 9 }, (_, i) => ({ data: { k: `low${i}` }, priority: 'low' as const })),
      { data: { k: 'urgent' }, priority: 'urgent' as const },
    ]);
    const urgent = gate();
    const order: string[] = [];
    await queue.work<{ k: string }>(
      'mixed',
      async (job) => {
        order.push(job.data.k);
        // Each lane's first job starts at once; no low job ends before the urgent one started. So
        // the urgent job is one of the two first jobs: the first lane's one, or first in the
        // second lane's batch (a batch run in the order pg-boss returned it would wait here).
        if (job.data.k === 'urgent') urgent.open();
        else await urgent.opened;
      },
      { concurrency: 2, batchSize: 5 },
    );
    try {
      await eventually(async () => order.length === 10);
    } finally {
      urgent.open();
    }
    assert.ok(order.indexOf('urgent') <= 1, `the urgent job ran ${order.indexOf('urgent') + 1}th: ${order.join(',')}`);
  });

  it('runs the jobs of a batch best first (pg-boss returns them in no order)', () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const fetched = [
      { id: 'low-old', priority: 1, createdOn: t(1) },
      { id: 'urgent', priority: 9, createdOn: t(3) },
      { id: 'low-new', priority: 1, createdOn: t(2) },
      { id: 'normal', priority: 5, createdOn: t(0) },
    ];
    assert.deepEqual(
      fetched.sort(bestFirst).map((j) => j.id),
      ['urgent', 'normal', 'low-old', 'low-new'],
    );
  });

  it('retries each failed job of a batch alone and completes the others', async () => {
    const queue = await fixture.open();
    await queue.define('flaky-batch', { retryLimit: 1, retryDelaySeconds: 1 });
    const keys = Array.from({ length: 8 }, (_, i) => `f${i}`);
    const runs = new Map<string, number>();
    await queue.work<{ k: string }>(
      'flaky-batch',
      async (job) => {
        runs.set(job.data.k, (runs.get(job.data.k) ?? 0) + 1);
        // Every job fails its first attempt, wherever it was fetched.
        if (job.retryCount === 0) throw new Error('first attempt fails');
      },
      { concurrency: 2, batchSize: 4 },
    );
    await queue.sendMany(
      'flaky-batch',
      keys.map((k) => ({ data: { k }, singletonKey: k })),
    );
    await eventually(async () => {
      const states = await Promise.all(keys.map(async (k) => (await queue.find('flaky-batch', k))?.state));
      return states.every((s) => s === 'completed');
    });
    assert.deepEqual(
      keys.map((k) => runs.get(k)),
      keys.map(() => 2),
    );
  });
});
