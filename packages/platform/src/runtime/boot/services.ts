import type { SessionVersions } from '../../auth/session-versions';
import { MemoryCache } from '../../cache/memory.cache';
import { RedisCache } from '../../cache/redis.cache';
import { migrate } from '../../db/migrator';
import type { RedisDiscovery } from '../../discovery/redis.discovery';
import type { InProcessHost } from '../../http/in-process.host';
import { ServiceClient } from '../../http/service-client';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { PriorityQueue } from '../../queue/priority.queue';
import { SagaOrchestrator } from '../../saga/saga.orchestrator';
import { EventBus } from '../../transport/event-bus';
import type { LogBroker } from '../../transport/log-broker';
import { serviceMigrations } from '../../transport/platform-migrations';
import type { PlatformConfig } from '../platform-config';
import type { RequestPressure } from '../request-pressure';
import type { ServiceRuntime } from '../service-context';
import type { ServiceManifest } from '../service-manifest';
import type { OpenDatabase, SharedStorage } from './storage';

export interface ServiceRuntimeDeps {
  config: PlatformConfig;
  open: OpenDatabase;
  broker: LogBroker;
  storage: Pick<SharedStorage, 'redis' | 'realtime'> & { sessions: SessionVersions };
  settings: ReadonlyMap<string, unknown>;
  metrics: Metrics;
  pressure: RequestPressure;
  log: Logger;
  /** Service-to-service calls: in-process to the routes served here, by discovery to the others. */
  calls: { local: InProcessHost; instances: RedisDiscovery | undefined; internalToken: string };
}

/**
 * Opens one service's database (migrated: the platform's tables, then its own) and builds its
 * runtime handle: bus, sagas, cache, queue and service client, all over that database.
 */
export async function bootServiceRuntime(m: ServiceManifest, deps: ServiceRuntimeDeps): Promise<ServiceRuntime> {
  const { config, metrics, pressure } = deps;
  const { redis } = deps.storage;
  const db = await deps.open(m.name);
  await migrate(db, 'platform', serviceMigrations);
  await migrate(db, m.name, m.migrations);
  const log = deps.log.child({ service: m.name });
  const bus = new EventBus(m.name, db, deps.broker, log, metrics, pressure);
  const sagas = new SagaOrchestrator(m.name, db, bus, log, metrics);
  const cache = (redis ? new RedisCache(redis, `coordina:cache:${m.name}:`, log) : new MemoryCache()).observe(
    (result) => metrics.cacheRequests.inc({ service: m.name, result }),
  );
  const queue = new PriorityQueue({ service: m.name, url: db.url, log, pressure });
  const { local, instances, internalToken } = deps.calls;
  const http = new ServiceClient({ caller: m.name, internalToken, log, local, instances });
  return {
    name: m.name,
    db,
    bus,
    sagas,
    config,
    settings: deps.settings.get(m.name),
    log,
    metrics,
    cache,
    queue,
    sessions: deps.storage.sessions,
    http,
    realtime: deps.storage.realtime,
  };
}
