import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { AccessTokens } from '../../auth/access-token';
import type { SessionVersions } from '../../auth/session-versions';
import type { ServiceRoutes } from '../../contracts/route-contract';
import { authenticate, installGateway } from '../../gateway/gateway.hooks';
import type { IdempotencyStore } from '../../gateway/idempotency.store';
import { MemoryRateLimiter } from '../../gateway/rate-limiter';
import { RedisRateLimiter } from '../../gateway/redis.rate-limiter';
import type { RouteTable } from '../../gateway/route-table';
import { serveWebApp } from '../../gateway/web-app';
import { CachedAnswers } from '../../http/cached-answer';
import type { InProcessHost } from '../../http/in-process.host';
import { asyncApiDocument, openApiDocument } from '../../http/openapi';
import { ProblemFilter } from '../../http/problem.filter';
import { acceptUploads, installSecurityHeaders } from '../../http/security-headers';
import type { LatencyAlertEvaluator } from '../../observability/latency-alert.evaluator';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { installMetricsEndpoint } from '../../observability/metrics-endpoint';
import type { TrafficHistory } from '../../observability/traffic-history';
import { OPS_ALERTS, OPS_CONTEXTS, OPS_TRAFFIC, OpsController } from '../../ops/ops.controller';
import { installSockets } from '../../realtime/socket.server';
import type { UserChannels } from '../../realtime/user-channels';
import { trustProxy } from '../config.loader';
import { docsPage } from '../docs.page';
import { accessPolicies } from '../manifest.check';
import type { PlatformConfig } from '../platform-config';
import type { RequestPressure } from '../request-pressure';
import { type ServiceRuntime, serviceView } from '../service-context';
import type { ServiceManifest } from '../service-manifest';

export interface HttpHostDeps {
  config: PlatformConfig;
  services: readonly ServiceManifest[];
  runtimes: ReadonlyMap<string, ServiceRuntime>;
  /** Serve the operations API in this process. */
  ops: boolean;
  alerts: LatencyAlertEvaluator | undefined;
  /** The API's request rate and latency over time (the console's charts). */
  traffic: TrafficHistory;
  routes: RouteTable;
  routeContracts: readonly ServiceRoutes[];
  local: InProcessHost;
  sessions: SessionVersions;
  /** The user channels the sockets subscribe to (served with the ops plane, i.e. where the gateway is). */
  realtime: UserChannels;
  redis: Redis | undefined;
  idempotency: IdempotencyStore | undefined;
  internalToken: string;
  metrics: Metrics;
  pressure: RequestPressure;
  /** The built web app (apps/web/dist), served at `/` (with the ops plane, i.e. the gateway) when given. */
  webDir?: string;
  log: Logger;
}

/**
 * The process's HTTP server: a NestJS app on Fastify with every service's module (each given
 * its narrow ServiceContext), the operations API, the gateway's policy hooks, and health,
 * metrics and docs. Initialised, not listening.
 */
export async function createHttpHost(deps: HttpHostDeps): Promise<NestFastifyApplication> {
  const { config, runtimes, log } = deps;
  const distributed = config.mode === 'distributed';
  const modules: DynamicModule[] = deps.services.map((m) => {
    const runtime = runtimes.get(m.name);
    if (!runtime) throw new Error(m.name);
    return m.module(serviceView(runtime));
  });
  const opsModule: DynamicModule = {
    module: class OpsModule {},
    controllers: [OpsController],
    providers: [
      { provide: OPS_CONTEXTS, useValue: [...runtimes.values()] },
      { provide: OPS_ALERTS, useValue: deps.alerts ?? { history: [] } },
      { provide: OPS_TRAFFIC, useValue: deps.traffic },
    ],
  };
  @Module({ imports: [...modules, ...(deps.ops ? [opsModule] : [])] })
  class RootModule {}

  const nest = await NestFactory.create<NestFastifyApplication>(
    RootModule,
    new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: trustProxy(config) }),
    { logger: ['error', 'warn'], rawBody: true, abortOnError: false },
  );
  nest.useGlobalFilters(new ProblemFilter(log));
  // No Nest shutdown hooks: on SIGTERM they close the HTTP server at once, before the
  // process has left discovery and drained (`coordina run`/`start` call close() themselves).
  const fastify = nest.getHttpAdapter().getInstance();
  deps.local.attach(fastify);
  acceptUploads(fastify);
  await installSecurityHeaders(fastify, config);
  const tokens = new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds);
  installGateway(fastify, {
    routes: deps.routes,
    tokens,
    sessions: deps.sessions,
    limiter: distributed ? undefined : deps.redis ? new RedisRateLimiter(deps.redis, log) : new MemoryRateLimiter(),
    idempotency: deps.idempotency,
    metrics: deps.metrics,
    log,
    rateLimit: config.rateLimit,
    policies: accessPolicies(deps.services),
    internalToken: deps.internalToken,
    errorHandler: false,
    pressure: deps.pressure,
  });
  // After the gateway's policy: a cached page is answered before NestJS's pipeline (decision 0124).
  const cached = new CachedAnswers(deps.routes);
  cached.install(fastify);
  if (deps.webDir && deps.ops) await serveWebApp(fastify, deps.webDir);
  if (deps.ops)
    installSockets(fastify, {
      endpoints: deps.services.flatMap((s) => s.sockets ?? []),
      channels: deps.realtime,
      authenticate: (token) => authenticate({ tokens, sessions: deps.sessions }, token),
      log,
    });
  const events = deps.services.flatMap((s) => s.events.map((contract) => ({ service: s.name, contract })));
  const openapi = openApiDocument(deps.routeContracts);
  fastify.get('/health', async (_req, reply) => {
    const checks = await Promise.all(
      [...runtimes.values()].map(async (c) => {
        try {
          await c.db.db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
          return [c.name, 'up'] as const;
        } catch {
          return [c.name, 'down'] as const;
        }
      }),
    );
    const up = checks.every(([, s]) => s === 'up');
    return reply.code(up ? 200 : 503).send({ status: up ? 'up' : 'down', services: Object.fromEntries(checks) });
  });
  installMetricsEndpoint(fastify, deps.metrics, config);
  fastify.get('/docs/openapi.json', async () => openapi);
  const sockets = deps.services.flatMap((s) => (s.sockets ?? []).map((endpoint) => ({ service: s.name, endpoint })));
  fastify.get('/docs/asyncapi.json', async () => asyncApiDocument(events, sockets));
  fastify.get('/docs', async (_req, reply) => reply.header('content-type', 'text/html').send(docsPage(openapi)));
  await nest.init();
  cached.collect(nest);
  return nest;
}
