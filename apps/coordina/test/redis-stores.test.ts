import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@coordina/platform';
import {
  createRedis,
  RedisCache,
  RedisDiscovery,
  RedisIdempotencyStore,
  RedisRateLimiter,
  RedisSessionVersions,
  RedisUserChannels,
  reservePort,
} from '@coordina/platform/runtime';
import { eventually } from '@coordina/platform/testing';
import type { Redis } from 'ioredis';
import type { ManagedProcess } from '../src/child.process';
import { startRedisServer } from '../src/redis.server';

/** The gateway's shared state in a real Redis: rate limits, idempotency keys, discovery. */
describe('gateway state in Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-redis-'));
  let server: ManagedProcess;
  let redis: Redis;
  const log = createLogger({ level: 'silent' });

  before(async () => {
    const port = await reservePort();
    server = await startRedisServer(dir, port);
    redis = createRedis(`redis://127.0.0.1:${port}`);
    // The platform's client queues nothing while offline: wait until it is connected.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts every limit of a request at once and refuses once any is over', async () => {
    const limiter = new RedisRateLimiter(redis, log);
    const asks = [
      { key: 'ip:10.0.0.1', perMinute: 100 },
      { key: 'user:u1', perMinute: 3 },
    ];
    for (let i = 0; i < 3; i++) assert.equal(await limiter.take(asks), 0);
    const wait = await limiter.take(asks);
    assert.ok(wait >= 1 && wait <= 60, `wait ${wait}`);
    // Another user behind the same IP is not limited by u1's count.
    assert.equal(await limiter.take([asks[0] as (typeof asks)[0], { key: 'user:u2', perMinute: 3 }]), 0);
    const window = Math.floor(Date.now() / 60_000);
    assert.equal(Number(await redis.get(`coordina:rl:ip:10.0.0.1:${window}`)), 5);
    const ttl = await redis.pttl(`coordina:rl:user:u1:${window}`);
    assert.ok(ttl > 0 && ttl <= 61_000, `ttl ${ttl}`);
  });

  it("counts by the script's SHA, and loads the script again when Redis lost it", async () => {
    const limiter = new RedisRateLimiter(redis, log);
    const asks = [{ key: `ip:10.0.0.${Math.floor(Math.random() * 200)}`, perMinute: 2 }];
    assert.equal(await limiter.take(asks), 0);
    await redis.script('FLUSH');
    assert.equal(await limiter.take(asks), 0, 'NOSCRIPT after a flush (or a restart) is not an outage');
    assert.ok((await limiter.take(asks)) >= 1, 'the third request in the window is over the limit of 2');
  });

  it('holds a limit across two gateways that lease requests from Redis (429 past it, never more)', async () => {
    const a = new RedisRateLimiter(redis, log);
    const b = new RedisRateLimiter(redis, log);
    // A small limit is counted request by request: the 101st is refused, whichever gateway it reaches.
    const small = [{ key: `ip:small:${Math.random()}`, perMinute: 100 }];
    let firstRefused = 0;
    for (let i = 1; i <= 110 && !firstRefused; i++) if ((await (i % 2 ? a : b).take(small)) > 0) firstRefused = i;
    assert.equal(firstRefused, 101);
    // A large one is leased in shares: never more than the limit passes, across both, at once or one by one.
    const large = [{ key: `ip:large:${Math.random()}`, perMinute: 5000 }];
    let allowed = 0;
    const leases = async () => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0);
    const before = await leases();
    for (let i = 0; i < 120; i++) {
      const waits = await Promise.all(Array.from({ length: 50 }, (_, j) => ((i + j) % 3 ? a : b).take(large)));
      allowed += waits.filter((w) => w === 0).length;
    }
    const roundTrips = (await leases()) - before;
    assert.ok(allowed <= 5000, `${allowed} passed a limit of 5000`);
    // Requests leased by one gateway are lost to the other: at most a 64th of the limit each.
    assert.ok(allowed >= 5000 - 2 * Math.ceil(5000 / 64), `only ${allowed} of 5000 passed`);
    assert.ok((await b.take(large)) >= 1 && (await a.take(large)) >= 1, 'both gateways refuse past the limit');
    const window = Math.floor(Date.now() / 60_000);
    assert.ok(Number(await redis.get(`coordina:rl:${large[0]?.key}:${window}`)) <= 5000);
    // Far from the limit a lease covers many requests: fewer round trips than a tenth of the requests.
    assert.ok(roundTrips > 0 && roundTrips < 600, `${roundTrips} leases for 6000 requests`);
  });

  it('keeps a JSON read as its text in Redis, with a copy in the process that read it', async () => {
    const a = new RedisCache(redis, 'test:cache:', log);
    const b = new RedisCache(redis, 'test:cache:', log);
    let loads = 0;
    const load = async () => ({ items: ['x'], n: ++loads });
    const key = `page:${Math.random()}`;
    assert.equal((await a.wrapJson(key, 60_000, load)).text, '{"items":["x"],"n":1}');
    assert.equal(await redis.get(`test:cache:${key}`), '{"items":["x"],"n":1}', 'stored as the text, not quoted');
    assert.equal((await b.wrapJson(key, 60_000, load)).text, '{"items":["x"],"n":1}', 'another process reads it');
    assert.deepEqual(await b.get(key), { items: ['x'], n: 1 });
    assert.equal(loads, 1);
    // A versioned key never changes while it lives: the reader's copy answers without Redis.
    await redis.del(`test:cache:${key}`);
    assert.equal((await a.wrapJson(key, 60_000, load)).text, '{"items":["x"],"n":1}');
    assert.equal(loads, 1);
    await a.del(key);
    assert.equal((await a.wrapJson(key, 60_000, load)).text, '{"items":["x"],"n":2}', 'del drops the copy');
  });

  it('claims an idempotency key once, replays its answer, and tells a reused key from a repeat', async () => {
    const store = new RedisIdempotencyStore(redis);
    assert.deepEqual(await store.claim('user:a', 'k1', 'f1'), { kind: 'new' });
    assert.deepEqual(await store.claim('user:a', 'k1', 'f1'), { kind: 'in-progress' });
    assert.deepEqual(await store.claim('user:a', 'k1', 'f2'), { kind: 'mismatch' });
    assert.deepEqual(await store.claim('user:b', 'k1', 'f1'), { kind: 'new' }, 'keys are per scope');
    await store.complete('user:a', 'k1', 202, 'application/json', '{"id":"p1"}');
    assert.deepEqual(await store.claim('user:a', 'k1', 'f1'), {
      kind: 'replay',
      status: 202,
      contentType: 'application/json',
      body: '{"id":"p1"}',
    });
    // A released key (the request failed with a 5xx) may be tried again.
    await store.release('user:b', 'k1');
    assert.deepEqual(await store.claim('user:b', 'k1', 'f1'), { kind: 'new' });
  });

  it('lets a retry take over a claim whose gateway died before answering, once its lease is over', async () => {
    const store = new RedisIdempotencyStore(redis);
    assert.deepEqual(await store.claim('user:d', 'k', 'f'), { kind: 'new' });
    assert.deepEqual(await store.claim('user:d', 'k', 'f'), { kind: 'in-progress' }, 'the lease holds it');
    await redis.del('coordina:idem:user:d:k:lease'); // the lease runs out: its holder is gone
    assert.deepEqual(await store.claim('user:d', 'k', 'other'), { kind: 'mismatch' }, 'never for another request');
    assert.deepEqual(await store.claim('user:d', 'k', 'f'), { kind: 'new' }, 'the same request takes it over');
    assert.deepEqual(await store.claim('user:d', 'k', 'f'), { kind: 'in-progress' }, 'with a lease of its own');
    await store.complete('user:d', 'k', 202, null, 'done');
    await redis.del('coordina:idem:user:d:k:lease');
    assert.equal((await store.claim('user:d', 'k', 'f')).kind, 'replay', 'an answered key is never taken over');
  });

  it('never replays the answer of an expired claim to the request that claims the key again', async () => {
    const store = new RedisIdempotencyStore(redis);
    assert.deepEqual(await store.claim('user:c', 'k', 'old'), { kind: 'new' });
    await store.complete('user:c', 'k', 201, null, 'old answer');
    await redis.del('coordina:idem:user:c:k'); // the claim expires before its answer
    assert.deepEqual(await store.claim('user:c', 'k', 'new'), { kind: 'new' });
    assert.deepEqual(await store.claim('user:c', 'k', 'new'), { kind: 'in-progress' });
  });

  it('looks instances up once for a burst of requests', async () => {
    const writer = new RedisDiscovery(redis, log);
    await writer.register('svc-a', 'http://127.0.0.1:1111');
    await writer.register('svc-a', 'http://127.0.0.1:2222');
    const reader = new RedisDiscovery(redis, log);
    let scans = 0;
    const scan = redis.scan.bind(redis);
    (redis as { scan: unknown }).scan = (...args: Parameters<typeof scan>) => {
      scans++;
      return scan(...args);
    };
    try {
      const lists = await Promise.all(Array.from({ length: 50 }, () => reader.instances('svc-a')));
      for (const l of lists) assert.deepEqual(l, ['http://127.0.0.1:1111', 'http://127.0.0.1:2222']);
      assert.equal(scans, 1);
      const first = await reader.candidates('svc-a');
      const second = await reader.candidates('svc-a');
      assert.notEqual(first[0], second[0], 'round robin');
    } finally {
      (redis as { scan: unknown }).scan = scan;
      await writer.stop();
    }
  });

  it('shares session versions between processes: a bump is seen at once where made, elsewhere within the cache time', async () => {
    const user = `u-${Date.now()}`;
    const identity = new RedisSessionVersions(redis, 60_000, log, 200);
    const gateway = new RedisSessionVersions(redis, 60_000, log, 200);
    assert.equal(await gateway.current(user), 0);
    await identity.bump(user, 2);
    assert.equal(await identity.current(user), 2);
    await eventually(async () => (await gateway.current(user)) === 2, 2000);
    await identity.bump(user, 1);
    assert.equal(Number(await redis.get(`coordina:sv:${user}`)), 2, 'a version never goes down');
    const ttl = await redis.pttl(`coordina:sv:${user}`);
    assert.ok(ttl > 0 && ttl <= 60_000, `kept as long as an access token lives (${ttl} ms)`);
  });

  it("delivers to a gateway's first socket, subscribed while the subscriber connection is still opening", async () => {
    const publisher = new RedisUserChannels(redis, log);
    const gateway = new RedisUserChannels(redis, log);
    const got: unknown[] = [];
    try {
      // The first subscribe opens the subscriber connection: its SUBSCRIBE must wait for it, not fail.
      const off = await gateway.subscribe('u-first', (f) => got.push(f));
      await publisher.publish(['u-first'], { type: 'typing' });
      await eventually(async () => got.length === 1);
      assert.deepEqual(got, [{ type: 'typing' }]);
      off();
    } finally {
      await gateway.close();
    }
  });
});
