import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database';
import { RedisDiscovery } from '../discovery/redis.discovery';
import { internalCallerToken } from '../gateway/internal-caller';
import { RouteTable } from '../gateway/route-table';
import { InProcessHost } from '../http/in-process.host';
import { EmfReporter } from '../observability/emf.reporter';
import type { LatencyAlertEvaluator } from '../observability/latency-alert.evaluator';
import { createLogger, type Logger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { TrafficHistory } from '../observability/traffic-history';
import { opsRoutes } from '../ops/ops.contracts';
import type { LogBroker } from '../transport/log-broker';
import { addAcceptors, rushListenOptions } from './acceptors';
import { Background } from './boot/background';
import { createHttpHost } from './boot/http-host';
import { type OpsPlane, openOpsPlane } from './boot/ops-plane';
import { bootServiceRuntime } from './boot/services';
import { databaseOpener, openStorage } from './boot/storage';
import { checkManifests } from './manifest.check';
import type { PlatformConfig } from './platform-config';
import { RequestPressure } from './request-pressure';
import { type ServiceRuntime, serviceView } from './service-context';
import type { ServiceManifest } from './service-manifest';
import { loadServiceSettings } from './service-settings';

export { databaseName } from './boot/storage';

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
  /** The process's command pressure (default: a new one for this app). */
  pressure?: RequestPressure;
  /** The built web app (apps/web/dist), served at `/` with the gateway when given and built. */
  webDir?: string;
}

/**
 * A running set of services in one process: their databases migrated, a NestJS app on
 * Fastify with the gateway's policy, the event bus relays and consumers, and the sagas'
 * timekeepers. Booting many services here is the embedded default; one is the distributed.
 * `boot` puts the parts together (runtime/boot/): shared storage, the embedded gateway's ops
 * plane, each service's runtime, the HTTP host, and the background work.
 */
export class CoordinaApp {
  #closed = false;

  private constructor(
    readonly config: PlatformConfig,
    /** Each service's runtime handle (the whole bus and orchestrator), by manifest name. */
    readonly contexts: ReadonlyMap<string, ServiceRuntime>,
    readonly nest: NestFastifyApplication,
    readonly log: Logger,
    /** This process's command pressure: its HTTP server counts commands, its consumers and queues give way. */
    readonly pressure: RequestPressure,
    private readonly broker: LogBroker,
    private readonly extraDbs: Database[],
    readonly redis: Redis | undefined,
    /** The in-process latency alert (embedded default only). */
    readonly alerts: LatencyAlertEvaluator | undefined,
    private readonly background: Background,
    private readonly local: InProcessHost,
  ) {}

  static async boot(options: BootOptions): Promise<CoordinaApp> {
    const { config, services } = options;
    checkManifests(services);
    const settings = loadServiceSettings(services, options.env ?? process.env);
    const log = options.log ?? createLogger({ level: config.logLevel });
    const metrics = new Metrics();
    const pressure = options.pressure ?? new RequestPressure();
    const progress = options.progress ?? (() => undefined);
    if (config.mode === 'distributed' && services.length !== 1) {
      throw new Error('distributed mode runs one service per process');
    }
    const open = databaseOpener(config);
    const storage = await openStorage(config, services.map((s) => s.name).join('+'), open, log);
    const { broker, redis } = storage;
    const ops: OpsPlane | undefined =
      config.mode === 'distributed' ? undefined : await openOpsPlane({ config, open, broker, redis, metrics, log });

    const routeContracts = [...services.map((s) => s.routes), opsRoutes];
    const routes = new RouteTable(routeContracts);
    const local = new InProcessHost(routes);
    const calls = {
      local,
      instances: redis ? new RedisDiscovery(redis, log) : undefined,
      internalToken: internalCallerToken(config.jwtSecret),
    };
    const runtimes = new Map<string, ServiceRuntime>();
    for (const m of services) {
      progress(`${m.name} (database)`, false);
      runtimes.set(
        m.name,
        await bootServiceRuntime(m, { config, open, broker, storage, settings, metrics, pressure, log, calls }),
      );
      progress(`${m.name} (database)`, true);
    }

    const traffic = new TrafficHistory(metrics.httpDuration, config.alerts.sampleMs);
    progress('HTTP routes', false);
    const nest = await createHttpHost({
      config,
      services,
      runtimes,
      ops: options.gateway !== false,
      alerts: ops?.alerts,
      traffic,
      routes,
      routeContracts,
      local,
      sessions: storage.sessions,
      realtime: storage.realtime,
      redis,
      idempotency: ops?.idempotency,
      internalToken: calls.internalToken,
      metrics,
      pressure,
      webDir: options.webDir,
      log,
    });
    progress('HTTP routes', true);

    progress('consumers and relays', false);
    const emf = config.metricsEmf
      ? new EmfReporter(metrics.httpDuration, services.map((s) => s.name).join('+'), 60_000)
      : undefined;
    const background = new Background(runtimes, { opsBus: ops?.bus, alerts: ops?.alerts, traffic, emf });
    await background.start();
    const extraDbs = [...storage.dbs, ...(ops ? [ops.db] : [])];
    const app = new CoordinaApp(
      config,
      runtimes,
      nest,
      log,
      pressure,
      broker,
      extraDbs,
      redis,
      ops?.alerts,
      background,
      local,
    );
    progress('consumers and relays', true);
    if (config.seedDemo) {
      progress('demo data', false);
      for (const m of services) {
        const runtime = runtimes.get(m.name);
        if (m.seed && runtime) await m.seed(serviceView(runtime));
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
    await this.background.stopConsuming();
    await this.nest.close();
    // Calls of one service to another in this process (a closed socket's last ones among them) end before the databases.
    await this.local.close();
    await this.background.stop();
    await this.broker.close();
    for (const ctx of this.contexts.values()) await ctx.db.close();
    for (const db of this.extraDbs) await db.close();
    this.redis?.disconnect();
  }
}
