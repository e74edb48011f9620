import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../src/observability/logger';
import { PollingWorker } from '../src/runtime/polling.worker';
import { eventually } from '../src/testing/start-test-app';

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

/**
 * A started worker whose lanes share work one by one (`share: 'one'`, decision 0118), idle for
 * ten minutes unless woken: `rounds` lists the lane of every round, `took` the lanes that found
 * an item; `onEmpty` is told of each round that found nothing (its number, from 1).
 */
function sharingOne(
  lanes: number,
  o: { workMs?: number; onEmpty?: (round: number, worker: PollingWorker, items: number[]) => void } = {},
) {
  const items: number[] = [];
  const rounds: number[] = [];
  const took = new Set<number>();
  const done: number[] = [];
  const worker: PollingWorker = new PollingWorker({
    name: 'test',
    log,
    lanes,
    idleMs: 600_000,
    share: 'one',
    poll: async (lane) => {
      rounds.push(lane);
      const item = items.shift();
      if (item === undefined) {
        o.onEmpty?.(rounds.length, worker, items);
        return false;
      }
      took.add(lane);
      if (o.workMs) await sleep(o.workMs);
      done.push(item);
      return true;
    },
  });
  started.push(worker);
  worker.start();
  return { worker, items, rounds, took, done };
}

describe('the polling worker', () => {
  // Conditions are waited for (eventually), never timed: only the absence of a poll is watched
  // over a window, which a loaded machine can only make emptier.
  it('polls again at once while it finds work, then naps until its idle time is up', async () => {
    const { worker, done, polls } = workerOver([1, 2, 3], { idleMs: 600_000 });
    worker.start();
    await eventually(async () => done.length === 3 && polls() === 4);
    assert.deepEqual(done, [1, 2, 3]);
    await sleep(200);
    assert.equal(polls(), 4, 'three rounds with work, one idle, then a nap');
    await worker.stop();
  });

  it('ends its nap when woken, at once or when a job falls due (never before)', async () => {
    const items: number[] = [];
    const { worker, done, polls } = workerOver(items, { idleMs: 600_000 });
    worker.start();
    await eventually(async () => polls() === 1);
    items.push(1);
    worker.wake();
    // Napping for ten minutes: only the wake can have ended it.
    await eventually(async () => done.length === 1);
    items.push(2);
    const asked = performance.now();
    worker.wakeIn(150);
    await eventually(async () => done.length === 2);
    const tookMs = performance.now() - asked;
    assert.ok(tookMs >= 145, `woken after ${tookMs} ms for a job due in 150 ms`);
    await worker.stop();
  });

  it('polls again at once when woken during a round that found nothing (the news came after its read)', async () => {
    const items: number[] = [];
    let polls = 0;
    const done: number[] = [];
    const worker: PollingWorker = new PollingWorker({
      name: 'test',
      log,
      idleMs: 600_000,
      poll: async () => {
        polls++;
        const item = items.shift();
        if (item !== undefined) {
          done.push(item);
          return true;
        }
        // The second round read nothing; the work and its wake-up arrive before it returns.
        if (polls === 2) {
          items.push(1);
          worker.wake();
        }
        return false;
      },
    });
    started.push(worker);
    worker.start();
    await eventually(async () => polls === 1);
    worker.wake();
    // Napping for ten minutes otherwise: only the wake-up seen during the round can bring the item in.
    await eventually(async () => done.length === 1);
    await worker.stop();
  });

  // Decision 0118: the queue's lanes wake one per job, and a lane that found one wakes one more.
  it('wakes as many lanes as items sent, the first lane first, and one lane finding one wakes one more', async () => {
    const w = sharingOne(4);
    // Every lane asks once at start, finds nothing and naps for ten minutes.
    await eventually(async () => w.rounds.length === 4);
    w.items.push(1);
    w.worker.wakeSome(1);
    await eventually(async () => w.done.length === 1);
    await sleep(300);
    // The first lane took it, woke one more lane (which found nothing) and asked once more:
    // three rounds, where waking every lane costs each of the four a round or two.
    const after = w.rounds.slice(4);
    assert.equal(after[0], 0, 'the first lane answers first');
    assert.ok(after.length <= 3, `rounds for one item: ${after.length} (${after.join(',')})`);
  });

  it('owes a round when no lane sleeps: news of an item during the only round is not lost', async () => {
    const w = sharingOne(1, {
      // The second round read nothing; the item and its news arrive before it returns.
      onEmpty: (round, worker, items) => {
        if (round !== 2) return;
        items.push(1);
        worker.wakeSome(1);
      },
    });
    await eventually(async () => w.rounds.length === 1);
    w.worker.wakeSome(1);
    // Napping for ten minutes otherwise: only the owed round can bring the item in.
    await eventually(async () => w.done.length === 1);
  });

  it('brings every lane in one by one for a backlog when a lane that found work wakes one more', async () => {
    const w = sharingOne(4, { workMs: 20 });
    await eventually(async () => w.rounds.length === 4);
    w.items.push(...Array.from({ length: 40 }, (_, i) => i));
    // News of one item: the others are found by the lanes it brings in, one more per item found.
    w.worker.wakeSome(1);
    await eventually(async () => w.done.length === 40);
    assert.deepEqual([...w.took].sort(), [0, 1, 2, 3]);
  });

  it('runs its lanes side by side and asks less often while idle', async () => {
    const items = Array.from({ length: 8 }, (_, i) => i);
    let running = 0;
    let most = 0;
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let polls = 0;
    const done: number[] = [];
    const worker = new PollingWorker({
      name: 'test',
      log,
      lanes: 4,
      idleMs: 100,
      poll: async () => {
        polls++;
        const item = items.shift();
        if (item === undefined) return false;
        running++;
        most = Math.max(most, running);
        await gate;
        running--;
        done.push(item);
        return true;
      },
    });
    started.push(worker);
    worker.start();
    // Four lanes hold an item each at once.
    await eventually(async () => most === 4);
    open();
    await eventually(async () => done.length === 8);
    const before = polls;
    await sleep(1_000);
    // Idle for a second: the first lane asks about 10 times, the three others about twice each.
    const idle = polls - before;
    assert.ok(idle <= 20, `idle lanes asked ${idle} times in a second`);
    await worker.stop();
  });

  it('keeps polling after a round throws, and stopping ends the wait after a failed round', async () => {
    const failing = (failure?: { baseMs: number }) => {
      const calls = { n: 0 };
      const worker = new PollingWorker({
        name: 'test',
        log,
        idleMs: 20,
        ...(failure ? { failure } : {}),
        poll: async () => {
          calls.n++;
          throw new Error('database away');
        },
      });
      started.push(worker);
      worker.start();
      return { worker, calls };
    };
    const quick = failing();
    await eventually(async () => quick.calls.n >= 3);
    // This one waits ten minutes after its failed round: only stopping can end that wait.
    const slow = failing({ baseMs: 600_000 });
    await eventually(async () => slow.calls.n === 1);
    const stopped = slow.worker.stop().then(() => true);
    assert.ok(await eventually(() => Promise.race([stopped, sleep(10).then(() => false)])));
    assert.equal(slow.calls.n, 1);
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
    await eventually(async () => at.length >= 5);
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
    // With the ten-second idle time read once, a fourth poll would take half a minute.
    await eventually(async () => polls >= 4, 5_000);
  });
});
