import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../src/observability/logger';
import { PollingWorker } from '../src/runtime/polling.worker';

const log = createLogger({ level: 'silent' });
/** Every worker a test started, stopped after it even when an assertion failed. */
const started: PollingWorker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.stop()));
});

/** A worker over a list of work items: each poll takes one, if any. */
function workerOver(items: number[], options: { lanes?: number; idleMs?: number } = {}) {
  const done: number[] = [];
  let polls = 0;
  const worker = new PollingWorker({
    name: 'test',
    log,
    lanes: options.lanes ?? 1,
    idleMs: options.idleMs ?? 10_000,
    poll: async () => {
      polls++;
      const item = items.shift();
      if (item === undefined) return false;
      await sleep(5);
      done.push(item);
      return true;
    },
  });
  started.push(worker);
  return { worker, done, polls: () => polls };
}

describe('the polling worker', () => {
  it('polls again at once while it finds work, then naps until its idle time is up', async () => {
    const { worker, done, polls } = workerOver([1, 2, 3], { idleMs: 10_000 });
    worker.start();
    await sleep(200);
    assert.deepEqual(done, [1, 2, 3]);
    assert.equal(polls(), 4, 'three rounds with work, one idle, then a nap');
    await worker.stop();
  });

  it('ends its nap when woken, at once or when a job falls due', async () => {
    const items: number[] = [];
    const { worker, done } = workerOver(items, { idleMs: 10_000 });
    worker.start();
    await sleep(50);
    items.push(1);
    worker.wake();
    await sleep(50);
    assert.deepEqual(done, [1]);
    items.push(2);
    worker.wakeIn(150);
    await sleep(75);
    assert.deepEqual(done, [1], 'not before it is due');
    await sleep(200);
    assert.deepEqual(done, [1, 2]);
    await worker.stop();
  });

  it('shares found work among its lanes and asks less often while idle', async () => {
    const { worker, done, polls } = workerOver(
      Array.from({ length: 8 }, (_, i) => i),
      { lanes: 4, idleMs: 100 },
    );
    worker.start();
    await sleep(60);
    assert.equal(done.length, 8, 'four lanes drain eight 5 ms items within 60 ms');
    const before = polls();
    await sleep(1_000);
    // Idle for a second: the first lane asks about 10 times, the three others about twice each.
    const idle = polls() - before;
    assert.ok(idle <= 20, `idle lanes asked ${idle} times in a second`);
    await worker.stop();
  });

  it('keeps polling after a round throws, and stops promptly', async () => {
    let calls = 0;
    const worker = new PollingWorker({
      name: 'test',
      log,
      idleMs: 20,
      poll: async () => {
        calls++;
        throw new Error('database away');
      },
    });
    started.push(worker);
    worker.start();
    await sleep(150);
    assert.ok(calls >= 3, `polled ${calls} times`);
    const t = Date.now();
    await worker.stop();
    assert.ok(Date.now() - t < 50, 'stop ends the nap at once');
  });

  it('backs off after failed rounds in a row, past wake-ups, and tells onError', async () => {
    const at: number[] = [];
    const errors: unknown[] = [];
    const worker = new PollingWorker({
      name: 'test',
      log,
      idleMs: 10_000,
      failure: { baseMs: 40, maxMs: 160 },
      onError: (err) => errors.push(err),
      poll: async () => {
        at.push(performance.now());
        if (at.length <= 4) throw new Error('database away');
        return false;
      },
    });
    started.push(worker);
    worker.start();
    for (let i = 0; i < 10; i++) {
      await sleep(10);
      worker.wake();
    }
    await eventuallyTrue(() => at.length >= 5, 2_000);
    const gaps = at.slice(1, 5).map((t, i) => t - (at[i] as number));
    // 40, 80, 160, then capped at 160; a wake-up does not cut a failure's wait short.
    for (const [i, min] of [40, 80, 160, 160].entries()) {
      assert.ok((gaps[i] as number) >= min - 5, `wait ${i + 1} was ${gaps[i]} ms, expected ${min}`);
    }
    assert.equal(errors.length, 4);
  });

  it('reads its idle time before every nap', async () => {
    let idle = 10_000;
    let polls = 0;
    const worker = new PollingWorker({
      name: 'test',
      log,
      idleMs: () => idle,
      poll: async () => {
        polls++;
        return false;
      },
    });
    started.push(worker);
    idle = 20;
    worker.start();
    await sleep(150);
    assert.ok(polls >= 4, `polled ${polls} times with a 20 ms idle time`);
  });
});

async function eventuallyTrue(fn: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met');
    await sleep(10);
  }
}
