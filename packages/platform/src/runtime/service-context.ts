import type { SessionVersions } from '../auth/session-versions';
import type { Cache } from '../cache/cache';
import type { Database } from '../db/database';
import type { ServiceHttp } from '../http/service-client';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { PriorityQueue } from '../queue/priority.queue';
import type { SagaOrchestrator } from '../saga/saga.orchestrator';
import type { EventBus } from '../transport/event-bus';
import type { PlatformConfig } from './platform-config';

/** Injected into a service's module under SERVICE_CONTEXT: its own database, bus and sagas. */
export interface ServiceContext {
  readonly name: string;
  readonly db: Database;
  readonly bus: EventBus;
  readonly sagas: SagaOrchestrator;
  readonly config: PlatformConfig;
  /** The service's own settings, parsed from the environment by its manifest's `settings` schema. */
  readonly settings: unknown;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Cache-aside store: in memory on the embedded default, Redis when distributed. */
  readonly cache: Cache;
  /** Priority job queue (pg-boss, schema `pgboss` in this service's database); starts on first use. */
  readonly queue: PriorityQueue;
  /** Per-user session versions the gateway checks (in memory embedded, Redis when distributed). */
  readonly sessions: SessionVersions;
  /** Calls to other services' HTTP APIs, typed from their route contracts (in-process when co-located). */
  readonly http: ServiceHttp;
}

export const SERVICE_CONTEXT = Symbol.for('coordina.service-context');
