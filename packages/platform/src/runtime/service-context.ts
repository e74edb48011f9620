import type { SessionVersions } from '../auth/session-versions';
import type { Cache } from '../cache/cache';
import type { CloudEvent } from '../contracts/cloud-event';
import type { EventContract, EventData } from '../contracts/event-contract';
import type { Database, Tx } from '../db/database';
import type { ServiceHttp } from '../http/service-client';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { PriorityQueue } from '../queue/priority.queue';
import type { RealtimePublisher } from '../realtime/user-channels';
import type { SagaDefinition, SagaState } from '../saga/saga.definition';
import type { SagaOrchestrator, SagaStatus } from '../saga/saga.orchestrator';
import type { ConsumerSpec } from '../transport/consumer';
import type { EventBus } from '../transport/event-bus';
import type { PlatformConfig } from './platform-config';

/**
 * What a service does with the event bus: publish in its own transactions and declare its
 * consumers. Starting, stopping and replaying the bus belong to the runtime (ServiceRuntime).
 */
export interface ServiceBus {
  /** Writes the event to the outbox in the caller's transaction (principle 1). */
  publish<C extends EventContract>(tx: Tx, contract: C, data: EventData<C>): Promise<CloudEvent>;
  /** Writes several events of one contract with one statement. */
  publishMany<C extends EventContract>(tx: Tx, contract: C, data: readonly EventData<C>[]): Promise<CloudEvent[]>;
  /** Declares a consumer group (in `onModuleInit`, before the runtime starts the bus). */
  subscribe(spec: ConsumerSpec): void;
}

/** What a service does with sagas: register its definitions and start instances. */
export interface ServiceSagas {
  register<S extends SagaState>(def: SagaDefinition<S>): void;
  /** Starts a saga inside the caller's transaction and runs its leading local steps there. */
  start<S extends SagaState>(tx: Tx, name: string, id: string, state: S): Promise<SagaStatus>;
}

/** Injected into a service's module under SERVICE_CONTEXT: its own database, bus and sagas. */
export interface ServiceContext {
  readonly name: string;
  readonly db: Database;
  readonly bus: ServiceBus;
  readonly sagas: ServiceSagas;
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
  /** Frames to users' sockets on every gateway (in process embedded, Redis pub/sub when distributed; decision 0081). */
  readonly realtime: RealtimePublisher;
}

/**
 * The runtime's own handle on a booted service: the same context with the whole bus (start,
 * stop, replay, its runners) and orchestrator (timekeeper, operators' reads and actions).
 * Apps, the ops API and tests use it; services get the narrower ServiceContext.
 */
export interface ServiceRuntime extends ServiceContext {
  readonly bus: EventBus;
  readonly sagas: SagaOrchestrator;
}

/** The service's view of its runtime handle: the bus and sagas without their runtime controls. */
export function serviceView(runtime: ServiceRuntime): ServiceContext {
  const { bus, sagas } = runtime;
  return {
    ...runtime,
    bus: {
      publish: (tx, contract, data) => bus.publish(tx, contract, data),
      publishMany: (tx, contract, data) => bus.publishMany(tx, contract, data),
      subscribe: (spec) => {
        bus.subscribe(spec);
      },
    },
    sagas: {
      register: (def) => sagas.register(def),
      start: (tx, name, id, state) => sagas.start(tx, name, id, state),
    },
  };
}

export const SERVICE_CONTEXT = Symbol.for('coordina.service-context');
