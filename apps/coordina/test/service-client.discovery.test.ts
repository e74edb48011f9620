import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { identityService } from '@coordina/identity';
import { salonsService } from '@coordina/instudio-salons';
import { salonsRoutes } from '@coordina/instudio-salons/contracts';
import { createLogger, type ServiceHttp } from '@coordina/platform';
import { createRedis, RedisDiscovery, reservePort, runWithContext } from '@coordina/platform/runtime';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import type { Redis } from 'ioredis';
import type { ManagedProcess } from '../src/child.process';
import { startRedisServer } from '../src/redis.server';

const MIRAFLORES = '10000000-0000-4000-8000-000000000001';

/**
 * ctx.http between processes: a process that does not serve the salons routes finds a salons
 * instance in discovery (Redis), past an instance that refuses connections, never the gateway.
 */
describe('service client over discovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-svc-client-'));
  let server: ManagedProcess;
  let redis: Redis;
  let salons: TestApp;
  let caller: TestApp;
  let announcer: RedisDiscovery;

  before(async () => {
    const port = await reservePort();
    server = await startRedisServer(dir, port);
    const redisUrl = `redis://127.0.0.1:${port}`;
    redis = createRedis(redisUrl);
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    salons = await startTestApp({ services: [salonsService], config: { seedDemo: true } });
    announcer = new RedisDiscovery(redis, createLogger({ level: 'silent' }));
    await announcer.register('instudio-salons', `http://127.0.0.1:${await reservePort()}`);
    await announcer.register('instudio-salons', salons.url);
    caller = await startTestApp({
      services: [identityService],
      config: { redisUrl, jwtSecret: salons.config.jwtSecret },
    });
  });
  after(async () => {
    await caller?.close();
    await salons?.close();
    await announcer?.stop();
    redis?.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads another process's salon through discovery, typed and validated; a 404 is undefined", async () => {
    const http = caller.contexts.get('identity')?.http as ServiceHttp;
    for (let i = 0; i < 4; i++) {
      const salon = await runWithContext(
        { requestId: `discovery-${i}`, traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` },
        () => http.call(salonsRoutes, 'GET /api/instudio/salons/:id', { params: { id: MIRAFLORES } }),
      );
      assert.equal(salon.id, MIRAFLORES);
      assert.ok(salon.services.length > 0);
    }
    const missing = await http.find(salonsRoutes, 'GET /api/instudio/salons/:id', {
      params: { id: '10000000-0000-4000-8000-0000000000ff' },
    });
    assert.equal(missing, undefined);
  });
});
