import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { AccessTokens } from '../auth/access-token';
import { MemorySessionVersions, RedisSessionVersions } from '../auth/session-versions';
import { MemoryCache } from '../cache/memory.cache';
import { RedisCache } from '../cache/redis.cache';
import { createRedis } from '../cache/redis.client';
import { AlertaDisparada } from '../contracts/ops-events';
import { Database, ensureDatabase, withDatabase } from '../db/database';
import { migrate } from '../db/migrator';
import { RedisDiscovery } from '../discovery/redis.discovery';
import { installGateway } from '../gateway/gateway.hooks';
import { gatewayMigrations, type IdempotencyStore, PgIdempotencyStore } from '../gateway/idempotency.store';
import { internalCallerToken } from '../gateway/internal-caller';
import { MemoryRateLimiter } from '../gateway/rate-limiter';
import { RedisIdempotencyStore } from '../gateway/redis.idempotency.store';
import { RedisRateLimiter } from '../gateway/redis.rate-limiter';
import { RouteTable } from '../gateway/route-table';
import { serveWebApp } from '../gateway/web-app';
import { InProcessHost } from '../http/in-process.host';
import { asyncApiDocument, openApiDocument } from '../http/openapi';
import { ProblemFilter } from '../http/problem.filter';
import { installSecurityHeaders } from '../http/security-headers';
import { ServiceClient } from '../http/service-client';
import { EmfReporter } from '../observability/emf.reporter';
import { LatencyAlertEvaluator } from '../observability/latency-alert.evaluator';
import { createLogger, type Logger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { installMetricsEndpoint } from '../observability/metrics-endpoint';
import { opsRoutes } from '../ops/ops.contracts';
import { OPS_ALERTS, OPS_CONTEXTS, OpsController } from '../ops/ops.controller';
import { PriorityQueue } from '../queue/priority.queue';
import { SagaOrchestrator } from '../saga/saga.orchestrator';
import { EventBus } from '../transport/event-bus';
import { KafkaBroker } from '../transport/kafka.broker';
import type { LogBroker } from '../transport/log-broker';
import { PgLogBroker } from '../transport/pg-log.broker';
import { logMigrations, serviceMigrations } from '../transport/platform-migrations';
import { addAcceptors, rushListenOptions } from './acceptors';
import { trustProxy } from './config.loader';
import { docsPage } from './docs.page';
import { accessPolicies, checkManifests } from './manifest.check';
import type { PlatformConfig } from './platform-config';
import type { ServiceContext } from './service-context';
import type { ServiceManifest } from './service-manifest';
import { loadServiceSettings } from './service-settings';

export interface BootOptions {
  config: PlatformConfig;
  services: readonly ServiceManifest[];
  /** Serve the gateway (ops API, docs) in this process. */
  gateway?: boolean;
  log?: Logger;
  /** Told each step of the boot as it begins (`done: false`) and ends (`coordina start` prints them). */
  progress?: (step: string, done: boolean) => void;
  /** Where the services' settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The built web app (apps/web/dist), served at `/` with the gateway when given and built. */
  webDir?: string;
}

export function databaseName(prefix: string, service: string): string {
  return `${prefix}${service.replaceAll('-', '_')}`;
}

/**
 * A running set of services in one process: their databases migrated, a NestJS app on
 * Fastify with the gateway's policy, the event bus relays and consumers, and the sagas'
 * timekeepers. Booting many services here is the embedded default; one is the distributed.
 */
export class CoordinaApp {
  #closed = false;

  private constructor(
    readonly config: PlatformConfig,
    readonly contexts: ReadonlyMap<string, ServiceContext>,
    readonly nest: NestFastifyApplication,
    readonly log: Logger,
    private readonly broker: LogBroker,
    private readonly extraDbs: Database[],
    readonly redis: Redis | undefined,
    /** The in-process latency alert (embedded default only). */
    readonly alerts: LatencyAlertEvaluator | undefined,
    private readonly stopBackground: () => Promise<void>,
  ) {}

  static async boot(options: BootOptions): Promise<CoordinaApp> {
    const { config } = options;
    checkManifests(options.services);
    const settings = loadServiceSettings(options.services, options.env ?? process.env);
    const log = options.log ?? createLogger({ level: config.logLevel });
    const metrics = new Metrics();
    const distributed = config.mode === 'distributed';
    const open = async (name: string, max = 10) => {
      // Distributed: the process runs one service and DATABASE_URL names its own database.
      if (distributed) {
        const url = new URL(config.postgresUrl);
        await ensureDatabase(withDatabase(config.postgresUrl, 'postgres'), url.pathname.slice(1)).catch(
          () => undefined,
        );
        return new Database(config.postgresUrl, { max });
      }
      const dbName = databaseName(config.dbPrefix, name);
      await ensureDatabase(config.postgresUrl, dbName);
      return new Database(withDatabase(config.postgresUrl, dbName), { max });
    };
    if (distributed && options.services.length !== 1) throw new Error('distributed mode runs one service per process');
    const extraDbs: Database[] = [];
    let broker: LogBroker;
    if (config.kafka) {
      broker = new KafkaBroker({ ...config.kafka, clientId: options.services.map((s) => s.name).join('+') }, log);
    } else {
      const logDb = await open('coordina_log', 20);
      await migrate(logDb, 'platform', logMigrations);
      extraDbs.push(logDb);
      broker = new PgLogBroker(logDb, log);
    }
    const redis = config.redisUrl ? createRedis(config.redisUrl, { tls: config.redisTls }) : undefined;
    const tokenLifeMs = config.accessTokenTtlSeconds * 1000;
    const sessions = redis ? new RedisSessionVersions(redis, tokenLifeMs, log) : new MemorySessionVersions(tokenLifeMs);
    let idempotency: IdempotencyStore | undefined;
    let opsBus: EventBus | undefined;
    let alerts: LatencyAlertEvaluator | undefined;
    if (!distributed) {
      const gatewayDb = await open('gateway');
      await migrate(gatewayDb, 'gateway', gatewayMigrations);
      extraDbs.push(gatewayDb);
      if (redis) idempotency = new RedisIdempotencyStore(redis);
      else {
        const store = new PgIdempotencyStore(gatewayDb);
        const orphans = await store.releaseOrphans();
        if (orphans > 0) log.warn({ orphans }, 'released Idempotency-Keys claimed by a process that died');
        idempotency = store;
      }
      // The platform's own outbox, for operations events such as alerts.
      await migrate(gatewayDb, 'platform', serviceMigrations);
      opsBus = new EventBus('ops', gatewayDb, broker, log, metrics);
      const bus = opsBus;
      alerts = new LatencyAlertEvaluator(metrics.httpDuration, config.alerts, async (alert) => {
        const summary = `${alert.rule} ${alert.state}: API p95 ${alert.p95Ms} ms over ${alert.windowSeconds} s (threshold ${alert.thresholdMs} ms, ${alert.requests} requests)`;
        if (alert.state === 'firing') log.error({ alert }, summary);
        else log.info({ alert }, summary);
        await gatewayDb.transaction((tx) =>
          bus.publish(tx, AlertaDisparada, {
            alertId: alert.id,
            rule: alert.rule,
            state: alert.state,
            summary,
            at: alert.at,
          }),
        );
      });
    }

    const progress = options.progress ?? (() => undefined);
    const routeContracts = [...options.services.map((s) => s.routes), opsRoutes];
    const routes = new RouteTable(routeContracts);
    // Service-to-service calls: in-process to the routes served here, by discovery to the others.
    const local = new InProcessHost(routes);
    const instances = redis ? new RedisDiscovery(redis, log) : undefined;
    const internalToken = internalCallerToken(config.jwtSecret);
    const contexts = new Map<string, ServiceContext>();
    for (const m of options.services) {
      progress(`${m.name} (database)`, false);
      const db = await open(m.name);
      await migrate(db, 'platform', serviceMigrations);
      await migrate(db, m.name, m.migrations);
      const slog = log.child({ service: m.name });
      const bus = new EventBus(m.name, db, broker, slog, metrics);
      const sagas = new SagaOrchestrator(m.name, db, bus, slog, metrics);
      const cache = (redis ? new RedisCache(redis, `coordina:cache:${m.name}:`, slog) : new MemoryCache()).observe(
        (result) => metrics.cacheRequests.inc({ service: m.name, result }),
      );
      const queue = new PriorityQueue({ service: m.name, url: db.url, log: slog });
      const http = new ServiceClient({ caller: m.name, internalToken, log: slog, local, instances });
      const own = settings.get(m.name);
      contexts.set(m.name, {
        name: m.name,
        db,
        bus,
        sagas,
        config,
        settings: own,
        log: slog,
        metrics,
        cache,
        queue,
        sessions,
        http,
      });
      progress(`${m.name} (database)`, true);
    }
    progress('HTTP routes', false);

    const modules: DynamicModule[] = options.services.map((m) => {
      const ctx = contexts.get(m.name);
      if (!ctx) throw new Error(m.name);
      return m.module(ctx);
    });
    const opsModule: DynamicModule = {
      module: class OpsModule {},
      controllers: [OpsController],
      providers: [
        { provide: OPS_CONTEXTS, useValue: [...contexts.values()] },
        { provide: OPS_ALERTS, useValue: alerts ?? { history: [] } },
      ],
    };
    @Module({ imports: [...modules, ...(options.gateway === false ? [] : [opsModule])] })
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
    local.attach(fastify);
    await installSecurityHeaders(fastify, config);
    installGateway(fastify, {
      routes,
      tokens: new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds),
      sessions,
      limiter: distributed ? undefined : redis ? new RedisRateLimiter(redis, log) : new MemoryRateLimiter(),
      idempotency,
      metrics,
      log,
      rateLimit: config.rateLimit,
      policies: accessPolicies(options.services),
      internalToken,
      errorHandler: false,
    });
    if (options.webDir && options.gateway !== false) await serveWebApp(fastify, options.webDir);
    const events = options.services.flatMap((s) => s.events.map((contract) => ({ service: s.name, contract })));
    const openapi = openApiDocument(routeContracts);
    fastify.get('/health', async (_req, reply) => {
      const checks = await Promise.all(
        [...contexts.values()].map(async (c) => {
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
    installMetricsEndpoint(fastify, metrics, config);
    fastify.get('/docs/openapi.json', async () => openapi);
    fastify.get('/docs/asyncapi.json', async () => asyncApiDocument(events));
    fastify.get('/docs', async (_req, reply) => reply.header('content-type', 'text/html').send(docsPage(openapi)));

    await nest.init();
    progress('HTTP routes', true);
    progress('consumers and relays', false);
    for (const ctx of contexts.values()) {
      await ctx.bus.start();
      ctx.sagas.startTimekeeper();
    }
    await opsBus?.start();
    alerts?.start();
    const emf = config.metricsEmf
      ? new EmfReporter(metrics.httpDuration, options.services.map((s) => s.name).join('+'), 60_000)
      : undefined;
    emf?.start();
    const app = new CoordinaApp(config, contexts, nest, log, broker, extraDbs, redis, alerts, async () => {
      alerts?.stop();
      emf?.stop();
      await opsBus?.stop();
    });
    progress('consumers and relays', true);
    if (config.seedDemo) {
      progress('demo data', false);
      for (const m of options.services) {
        const ctx = contexts.get(m.name);
        if (m.seed && ctx) await m.seed(ctx);
      }
      progress('demo data', true);
    }
    return app;
  }

  /** Listens on config.port (0 picks a free port) and returns the bound port. */
  async listen(): Promise<number> {
    // A rush opens thousands of connections at once.
    await this.nest.listen(await rushListenOptions(this.config.port, this.config.host));
    // More sockets on the port: a busy process accepts one connection per socket and loop turn.
    await addAcceptors(this.nest.getHttpServer(), 7);
    const addr = this.nest.getHttpServer().address();
    return typeof addr === 'object' && addr ? addr.port : this.config.port;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Consumers leave their groups first: a stopping instance's partitions move to the others
    // at once (docs/decisions/0018-consumer-failover.md), while its requests still drain and its
    // relay still publishes what they write.
    for (const ctx of this.contexts.values()) await ctx.bus.stopConsuming();
    await this.nest.close();
    await this.stopBackground();
    for (const ctx of this.contexts.values()) {
      await ctx.sagas.stop();
      await ctx.bus.stop();
      await ctx.queue.stop();
    }
    await this.broker.close();
    for (const ctx of this.contexts.values()) await ctx.db.close();
    for (const db of this.extraDbs) await db.close();
    this.redis?.disconnect();
  }
}
