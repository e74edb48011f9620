import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryCache } from '../src/cache/memory.cache';
import { JsonBody } from '../src/http/answer-bodies';

describe('cache: reads kept as JSON text (wrapJson)', () => {
  it('loads once, keeps the text, and answers the same text until the key is dropped', async () => {
    const results: string[] = [];
    const cache = new MemoryCache().observe((r) => results.push(r));
    let loads = 0;
    const load = async () => {
      loads++;
      return { items: [{ name: 'Lima' }], total: loads };
    };
    const [a, b] = await Promise.all([
      cache.wrapJson('page:g1', 60_000, load),
      cache.wrapJson('page:g1', 60_000, load),
    ]);
    assert.equal(loads, 1, 'one loader per key at a time');
    assert.ok(a instanceof JsonBody);
    assert.equal(a.text, '{"items":[{"name":"Lima"}],"total":1}');
    assert.equal(b?.text, a.text);
    assert.equal((await cache.wrapJson('page:g1', 60_000, load)).text, a.text);
    assert.equal(loads, 1, 'a hit needs no loader');
    assert.deepEqual(
      await cache.get('page:g1'),
      { items: [{ name: 'Lima' }], total: 1 },
      'get reads the text as a value',
    );
    assert.deepEqual(results.slice(-2), ['hit', 'hit']);
    await cache.del('page:g1');
    assert.equal((await cache.wrapJson('page:g1', 60_000, load)).text, '{"items":[{"name":"Lima"}],"total":2}');
    assert.equal(loads, 2, 'del drops the process copy too');
    assert.equal((await cache.wrapJson('page:g2', 60_000, load)).text, '{"items":[{"name":"Lima"}],"total":3}');
  });

  it('expires the process copy with the entry', async () => {
    const cache = new MemoryCache();
    let loads = 0;
    const load = async () => ++loads;
    await cache.wrapJson('k', 20, load);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal((await cache.wrapJson('k', 20, load)).text, '2');
  });

  it('reads a value set as a value through wrapJson as its JSON text', async () => {
    const cache = new MemoryCache();
    await cache.set('v', { a: 1 }, 60_000);
    assert.equal(
      (
        await cache.wrapJson('v', 60_000, async () => {
          throw new Error('not loaded');
        })
      ).text,
      '{"a":1}',
    );
  });

  it('nearJson answers only the copy kept in this process, counting a hit and never a miss', async () => {
    const results: string[] = [];
    const cache = new MemoryCache().observe((r) => results.push(r));
    assert.equal(cache.nearJson('page:g1'), undefined, 'nothing kept yet');
    await cache.set('page:g2', { a: 1 }, 60_000);
    assert.equal(cache.nearJson('page:g2'), undefined, 'a value in the store is not a copy in the process');
    assert.deepEqual(results, [], 'a look that finds nothing is not counted (the read through counts it)');
    const loaded = await cache.wrapJson('page:g1', 60_000, async () => ({ total: 1 }));
    assert.equal(cache.nearJson('page:g1'), loaded, 'the text the read through kept');
    assert.deepEqual(results, ['miss', 'hit']);
    await cache.del('page:g1');
    assert.equal(cache.nearJson('page:g1'), undefined, 'del drops the copy');
  });
});
