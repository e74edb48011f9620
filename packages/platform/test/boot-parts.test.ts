import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import { defineRoutes } from '../src/contracts/route-contract';
import { RouteTable } from '../src/gateway/route-table';
import { InProcessHost } from '../src/http/in-process.host';
import { createLogger } from '../src/observability/logger';
import { Metrics } from '../src/observability/metrics';
import { Background } from '../src/runtime/boot/background';
import { bootServiceRuntime } from '../src/runtime/boot/services';
import { databaseOpener, openStorage } from '../src/runtime/boot/storage';
import { loadConfig } from '../src/runtime/config.loader';
import { RequestPressure } from '../src/runtime/request-pressure';
import { serviceView } from '../src/runtime/service-context';
import type { ServiceManifest } from '../src/runtime/service-manifest';
import { eventually, testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';
import { on } from '../src/transport/consumer';

const Noted = defineEvent({
  topic: 'parts.noted',
  version: 1,
  key: (d) => d.id,
  schema: z.object({ id: z.string() }),
});

const parts: ServiceManifest = {
  name: 'boot-parts',
  routes: defineRoutes('boot-parts', []),
  events: [Noted],
  migrations: [{ id: '001_notes', sql: 'CREATE TABLE notes (id text PRIMARY KEY)' }],
  module: () => ({ module: class {} }),
};

/** CoordinaApp.boot's parts (runtime/boot/), put together by hand without NestJS. */
describe('the boot parts', () => {
  it('boot a service runtime on its own database; the service sees publish/subscribe and register/start only', async () => {
    const config = loadConfig(
      {
        mode: 'embedded',
        postgresUrl: testPostgresUrl(),
        dbPrefix: uniquePrefix(),
        jwtSecret: randomBytes(32).toString('hex'),
        seedDemo: false,
        logLevel: 'silent',
      },
      {},
    );
    const log = createLogger({ level: 'silent' });
    const open = databaseOpener(config);
    const storage = await openStorage(config, parts.name, open, log);
    assert.equal(storage.broker.kind, 'postgres', 'no Kafka configured: the PostgreSQL log');
    const pressure = new RequestPressure();
    const runtime = await bootServiceRuntime(parts, {
      config,
      open,
      broker: storage.broker,
      storage,
      settings: new Map(),
      metrics: new Metrics(),
      pressure,
      log,
      calls: { local: new InProcessHost(new RouteTable([])), instances: undefined, internalToken: 'internal' },
    });
    const view = serviceView(runtime);
    assert.deepEqual(Object.keys(view.bus).sort(), ['publish', 'publishMany', 'subscribe']);
    assert.deepEqual(Object.keys(view.sagas).sort(), ['register', 'start']);

    // The service subscribes through its view; the background starts the relay and consumers.
    const seen: string[] = [];
    view.bus.subscribe({ group: 'boot-parts.notes', handlers: [on(Noted, async (d) => void seen.push(d.id))] });
    const background = new Background(new Map([[parts.name, runtime]]));
    await background.start();
    try {
      await view.db.transaction(async (tx) => {
        await sql`INSERT INTO notes (id) VALUES ('n1')`.execute(tx);
        await view.bus.publish(tx, Noted, { id: 'n1' });
      });
      await eventually(async () => seen.length === 1);
      assert.deepEqual(seen, ['n1']);
    } finally {
      await background.stopConsuming();
      await background.stop();
      await storage.broker.close();
      await runtime.db.close();
      for (const db of storage.dbs) await db.close();
    }
  });
});
