import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GroupCommit } from '../src/db/group-commit';
import { budget } from '../src/runtime/budget';
import { RequestPressure } from '../src/runtime/request-pressure';
import { eventually } from '../src/testing/start-test-app';

describe('group commit', () => {
  it('settles what queued meanwhile in one call, each caller with its own answer, in order', async () => {
    const calls: number[][] = [];
    const gc = new GroupCommit<number, number>(async (items) => {
      calls.push([...items]);
      await sleep(20);
      return items.map((i) => i * 10);
    });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => gc.submit(i)));
    assert.deepEqual(
      answers,
      Array.from({ length: 50 }, (_, i) => i * 10),
    );
    assert.deepEqual(calls[0], [0], 'the first item does not wait for company');
    assert.deepEqual(
      calls[1],
      Array.from({ length: 49 }, (_, i) => i + 1),
      'the rest, queued meanwhile, go together',
    );
  });

  it('caps a batch, keeps one item per key in flight, and rejects only the item whose answer is an error', async () => {
    const calls: string[][] = [];
    const gc = new GroupCommit<string, string>(
      async (items) => {
        calls.push([...items]);
        await sleep(5);
        return items.map((i) => (i.endsWith('!') ? new Error(`bad ${i}`) : i.toUpperCase()));
      },
      { maxBatch: 3, key: (i) => i[0] as string },
    );
    const items = ['a1', 'b1', 'a2', 'c1!', 'd1', 'e1'];
    const settled = await Promise.allSettled(items.map((i) => gc.submit(i)));
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
      ['A1', 'B1', 'A2', 'bad c1!', 'D1', 'E1'],
    );
    assert.ok(
      calls.every((c) => c.length <= 3 && new Set(c.map((i) => i[0])).size === c.length),
      JSON.stringify(calls),
    );
    const a1 = calls.findIndex((c) => c.includes('a1'));
    const a2 = calls.findIndex((c) => c.includes('a2'));
    assert.ok(a1 < a2, 'a later item of a key waits for a later batch');
  });

  it('runs each item of a failed batch alone, so one bad item fails only itself', async () => {
    const gc = new GroupCommit<number, number>(async (items) => {
      await sleep(5);
      if (items.includes(3)) throw new Error('3 breaks any batch it is in');
      return [...items];
    });
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => gc.submit(i)));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
  });
});

describe('request pressure', () => {
  /** A RequestPressure that counts how often `calm()` looked at the pressure. */
  class Watched extends RequestPressure {
    looks = 0;
    override get pressed(): boolean {
      this.looks++;
      return super.pressed;
    }
  }
  const settled = (p: Promise<void>) => {
    let done = false;
    void p.then(() => {
      done = true;
    });
    return () => done;
  };
  const HOUR = 3_600_000;

  it('lets background work through at once when nothing presses', async () => {
    const p = new Watched(2, HOUR, HOUR, 5);
    const done = settled(p.calm());
    // Resolved within the microtasks of this turn: calm() set no timer.
    await new Promise((r) => setImmediate(r));
    assert.ok(done(), 'no pressure: no wait');
    assert.equal(p.looks, 1);
  });

  it('holds background work while commands press, and lets it go when they stop', async () => {
    const p = new Watched(2, HOUR, HOUR, 5);
    p.follow(10);
    const done = settled(p.calm());
    try {
      await eventually(async () => p.looks >= 3);
      assert.equal(done(), false, 'still waiting after looking three times at a pressed level');
    } finally {
      p.follow(0);
    }
    // Released by the pressure ending, not by its bound (an hour).
    await eventually(async () => done());
  });

  it('never holds background work longer than its bound, even while commands still press', async () => {
    const p = new Watched(2, HOUR, 30, 5);
    p.follow(10);
    // A deadline for a wait that would otherwise never end, not a measure of its length.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('calm() outlived its bound')), budget(10_000));
    });
    try {
      await Promise.race([p.calm(), deadline]);
      assert.ok(p.looks >= 2, 'it waited at least one poll');
      assert.ok(p.pressed, 'the bound ended the wait, not the pressure');
    } finally {
      clearTimeout(timer);
      p.follow(0); // ends a wait that ignored its bound, so the file can finish
    }
  });

  it('counts commands in flight once each and arrivals within the window', () => {
    let now = 1_000;
    const clock = mock.method(performance, 'now', () => now);
    try {
      const p = new RequestPressure(2, 200, HOUR, 5);
      const leave = [p.enter(), p.enter(), p.enter()];
      assert.equal(p.level, 6, 'three in flight and three arrivals in the window');
      assert.ok(p.pressed);
      for (const l of leave) {
        l();
        l();
      }
      assert.equal(p.level, 3, 'leaving twice counts once: the arrivals remain');
      now += 199;
      assert.equal(p.level, 3, 'arrivals count for the whole window');
      now += 2;
      assert.equal(p.level, 0, 'arrivals age out of the window');
      assert.equal(p.pressed, false);
      p.follow(10);
      assert.ok(p.pressed, 'a rush announced by another process (a gateway) presses here too');
      p.follow(Number.NaN);
      assert.equal(p.pressed, false);
    } finally {
      clock.mock.restore();
    }
  });
});
