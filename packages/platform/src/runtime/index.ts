// The runtime: what apps (apps/coordina) and tests use to run services. Services import the
// SDK (`@coordina/platform`) instead; .dependency-cruiser.cjs keeps their code off this entry.

export { MemorySessionVersions, RedisSessionVersions } from '../auth/session-versions';
export { BaseCache } from '../cache/cache';
export { MemoryCache } from '../cache/memory.cache';
export { RedisCache } from '../cache/redis.cache';
export { createRedis } from '../cache/redis.client';
export { ensureDatabase } from '../db/database';
export { EmbeddedPostgresServer } from '../db/embedded-postgres.server';
export { migrate } from '../db/migrator';
export { connectionRefused, type InstanceLocator, StaticInstances } from '../discovery/instance-locator';
export { RedisDiscovery } from '../discovery/redis.discovery';
export { type CatalogEntry, type ErrorOwner, errorCatalog } from '../errors/error-catalog';
export { toProblem } from '../errors/problem';
export { createGatewayServer, type GatewayServerOptions } from '../gateway/gateway.server';
export { type Claim, type IdempotencyStore, PgIdempotencyStore } from '../gateway/idempotency.store';
export { INTERNAL_CALLER_HEADER, internalCallerToken, isInternalCaller } from '../gateway/internal-caller';
export { MemoryRateLimiter, type RateLimiter } from '../gateway/rate-limiter';
export { RedisIdempotencyStore } from '../gateway/redis.idempotency.store';
export { RedisRateLimiter } from '../gateway/redis.rate-limiter';
export { type OwnedRoute, RouteTable } from '../gateway/route-table';
export { serveWebApp } from '../gateway/web-app';
export {
  type BoundRoute,
  boundRouteOf,
  CHECK_RESPONSES_ENV,
  ContractBreach,
  checkAnswer,
  ENDPOINT_METADATA,
  mediaTypeOf,
  successStatus,
} from '../http/endpoint';
export { InProcessHost } from '../http/in-process.host';
export { asyncApiDocument, openApiDocument } from '../http/openapi';
export { ServiceClient, type ServiceClientOptions } from '../http/service-client';
export { EmfReporter } from '../observability/emf.reporter';
export { type LatencyAlert, LatencyAlertEvaluator } from '../observability/latency-alert.evaluator';
export { Metrics } from '../observability/metrics';
export { newContext, runWithContext } from '../observability/request-context';
export { opsRoutes } from '../ops/ops.contracts';
export { PriorityQueue, type PriorityQueueOptions } from '../queue/priority.queue';
export { installSockets, SOCKET_PROTOCOL, SocketClose } from '../realtime/socket.server';
export { MemoryUserChannels, RedisUserChannels, type UserChannels } from '../realtime/user-channels';
export { SagaOrchestrator } from '../saga/saga.orchestrator';
export { ConsumerRunner } from '../transport/consumer.runner';
export { EventBus } from '../transport/event-bus';
export { type FailedEntry, FailedRegistry } from '../transport/failed.registry';
export { type HeldEntry, HoldRegistry } from '../transport/hold.registry';
export { Inbox } from '../transport/inbox';
export {
  type ConsumerGroupTuning,
  consumerGroupDefaults,
  KafkaBroker,
  type KafkaBrokerOptions,
  kafkaConnectionOptions,
} from '../transport/kafka.broker';
export { KeyLock } from '../transport/key-lock';
export type { LogBroker, LogRecord, PartitionHandler, ReplayFrom, Subscription } from '../transport/log-broker';
export { PgLogBroker } from '../transport/pg-log.broker';
export { logMigrations, serviceMigrations } from '../transport/platform-migrations';
export { addAcceptors, rushListenOptions } from './acceptors';
export { budget, timeScale } from './budget';
export { DEFAULT_DEMO_PASSWORD, isLoopback, loadConfig, trustProxy } from './config.loader';
export { type BootOptions, CoordinaApp, databaseName } from './coordina.app';
export { CRASH_POINTS, parseCrashSwitch } from './crash-points';
export { accessPolicies, checkManifests } from './manifest.check';
export { PollingWorker, type PollingWorkerOptions } from './polling.worker';
export { releasePort, reservablePortRange, reservePort } from './ports';
export { RequestPressure, SharedPressure } from './request-pressure';
export type { ServiceRuntime } from './service-context';
export { loadServiceSettings } from './service-settings';
export {
  type FinishedSpan,
  startTracing,
  type Tracing,
  type TracingMode,
  tracingFromEnv,
  tracingMode,
} from './tracing.sdk';
export {
  type KafkaSaslMechanism,
  type KafkaSecurity,
  kafkaSaslMechanisms,
  kafkaSecurityFromEnv,
  postgresUrlFromEnv,
  type RedisTls,
  redisTlsFromEnv,
  redisTlsOptions,
  serverName,
} from './transport-security';
