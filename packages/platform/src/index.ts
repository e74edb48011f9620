// The platform's public surface. Services import from here (and from other services'
// `contracts` only).

export { sql } from 'kysely';
export * from './auth/access-token';
export * from './cache/cache';
export * from './cache/memory.cache';
export * from './cache/redis.cache';
export * from './cache/redis.client';
export * from './contracts/cloud-event';
export * from './contracts/common-schemas';
export * from './contracts/event-contract';
export * from './contracts/route-contract';
export * from './db/database';
export * from './db/embedded-postgres.server';
export * from './db/migrator';
export * from './discovery/redis.discovery';
export * from './errors/app-error';
export * from './errors/error-codes';
export * from './errors/problem';
export * from './gateway/gateway.server';
export * from './http/current-user.decorator';
export * from './http/zod.pipe';
export * from './observability/logger';
export * from './observability/metrics';
export * from './observability/request-context';
export * from './runtime/config.loader';
export * from './runtime/coordina.app';
export * from './runtime/platform-config';
export * from './runtime/service-context';
export * from './runtime/service-manifest';
export * from './saga/saga.definition';
export * from './saga/saga.orchestrator';
export * from './transport/consumer';
export * from './transport/event-bus';
export * from './transport/failed.registry';
export * from './transport/kafka.broker';
export * from './transport/log-broker';
export * from './transport/pg-log.broker';
