import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GroupCommit } from '../src/db/group-commit';
import { RequestPressure } from '../src/runtime/request-pressure';

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
  it('holds background work while commands press, and never longer than its bound', async () => {
    const p = new RequestPressure(2, 200, 150, 5);
    const t0 = performance.now();
    await p.calm();
    assert.ok(performance.now() - t0 < 50, 'no pressure: no wait');
    const leave = [p.enter(), p.enter(), p.enter()];
    assert.equal(p.level, 6, 'three in flight and three arrivals in the window');
    const t1 = performance.now();
    await p.calm();
    assert.ok(performance.now() - t1 >= 140, 'waits while pressed, up to its bound');
    for (const l of leave) {
      l();
      l();
    }
    await sleep(220);
    assert.equal(p.level, 0, 'leaving twice counts once; arrivals age out of the window');
    p.follow(10);
    assert.ok(p.pressed, 'a rush announced by another process (a gateway) presses here too');
    p.follow(Number.NaN);
    assert.equal(p.pressed, false);
  });
});
