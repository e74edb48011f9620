import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withDatabase } from '@coordina/platform';
import { EmbeddedPostgresServer, reservePort } from '@coordina/platform/runtime';
import { ManagedProcess, supervise, waitForHealth, waitForPort } from './child.process';
import { KafkaServer } from './kafka.server';
import { startRedisServer } from './redis.server';
import { allServices } from './services.registry';
import { ensureBinary } from './system-packages';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = join(ROOT, 'apps/coordina/dist/src/main.js');

export interface TopologyOptions {
  dir: string;
  /** nginx's port, the topology's entry point. */
  port?: number;
  /** Reuse running servers instead of starting them (tests share them). */
  postgresUrl?: string;
  kafkaBrokers?: string[];
  dbPrefix?: string;
  gateways?: number;
  /** Instances per service (default 1). */
  instances?: Record<string, number>;
  seedDemo?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * Restart an instance that exits on its own, with backoff (`coordina up`, like a
   * supervisor). Tests leave it off: they kill and restart instances themselves.
   */
  supervise?: boolean;
  /** Told each step of the start-up as it begins and ends (`coordina up` prints them). */
  progress?: (step: string, done: boolean) => void;
  /** Where supervision events go (default: stderr). */
  log?: (line: string) => void;
  /**
   * Its own PostgreSQL server leads a process group of its own (default), so a Ctrl-C reaches
   * it only through `stop`, after the services closed; tests keep it in their group instead,
   * so an interrupted run's group kill ends it.
   */
  postgresOwnGroup?: boolean;
}

interface Instance {
  service: string;
  port: number;
  /** Its Prometheus metrics (not served on its API port). */
  metricsPort: number;
  proc: ManagedProcess;
}

/**
 * The distributed topology on one machine: PostgreSQL (one database per service), Kafka in
 * KRaft mode, Redis, every service in its own process, several gateways, nginx in front.
 * `coordina up` runs it; the distributed tests drive it (kill, restart, outages).
 */
export class Topology {
  readonly instances: Instance[] = [];
  readonly gateways: Instance[] = [];
  #pg: EmbeddedPostgresServer | undefined;
  #kafka: KafkaServer | undefined;
  #redis: ManagedProcess | undefined;
  #nginx: ManagedProcess | undefined;
  #env: NodeJS.ProcessEnv = {};
  redisPort = 0;
  url = '';
  readonly secrets = { jwt: randomBytes(32).toString('hex'), sandbox: `whsec_${randomBytes(16).toString('hex')}` };

  constructor(private readonly options: TopologyOptions) {}

  async #step<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.options.progress?.(name, false);
    const value = await run();
    this.options.progress?.(name, true);
    return value;
  }

  async start(): Promise<string> {
    const o = this.options;
    mkdirSync(o.dir, { recursive: true });
    const port = o.port ?? (await reservePort());
    this.url = `http://127.0.0.1:${port}`;
    // The three servers start side by side; services need all of them.
    const [pgUrl, brokers] = await Promise.all([
      o.postgresUrl ?? this.#step('PostgreSQL', () => this.#startPostgres()),
      o.kafkaBrokers ?? this.#step('Kafka', () => this.#startKafka()),
      this.#step('Redis', () => this.#startRedis()),
    ]);
    this.#pgUrl = pgUrl;
    const prefix = o.dbPrefix ?? '';
    this.#env = {
      ...process.env,
      ...o.env,
      COORDINA_MODE: 'distributed',
      // Files a service keeps (analytics' DuckDB) live in the topology's directory, not the cwd.
      COORDINA_DATA_DIR: o.dir,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix ? `${prefix}.` : '',
      REDIS_URL: `redis://127.0.0.1:${this.redisPort}`,
      JWT_SECRET: this.secrets.jwt,
      SANDBOX_WEBHOOK_SECRET: this.secrets.sandbox,
      PUBLIC_URL: this.url,
      // nginx and the gateways run on this machine: X-Forwarded-For is read from them only
      // (nginx sets it to the address it saw).
      COORDINA_TRUSTED_PROXIES: '127.0.0.1',
      COORDINA_SEED_DEMO: o.seedDemo ? 'true' : 'false',
      LOG_LEVEL: o.env?.LOG_LEVEL ?? 'warn',
    };
    for (const s of allServices) {
      const n = o.instances?.[s.name] ?? 1;
      for (let i = 0; i < n; i++) {
        this.instances.push(await this.#spawn(s.name, { DATABASE_URL: this.databaseUrl(s.name) }, i));
      }
    }
    await this.#healthy(this.instances, 60_000);
    for (let g = 0; g < (o.gateways ?? 2); g++) this.gateways.push(await this.#spawn('gateway', {}, g));
    await this.#healthy(this.gateways, 30_000);
    await this.#step('nginx', () => this.#startNginx(port));
    return this.url;
  }

  /**
   * Waits for every instance (each a progress step), then fails with every instance that
   * did not get healthy, each with the end of its log.
   */
  async #healthy(instances: Instance[], timeoutMs: number): Promise<void> {
    const results = await Promise.allSettled(
      instances.map((i) =>
        this.#step(i.proc.name, () => waitForHealth(`http://127.0.0.1:${i.port}`, timeoutMs, i.proc.name, i.proc)),
      ),
    );
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    if (failed.length > 0) throw new Error(`the distributed topology did not start:\n${failed.join('\n')}`);
  }

  async #spawn(service: string, env: NodeJS.ProcessEnv, index: number): Promise<Instance> {
    const port = await reservePort();
    const metricsPort = await reservePort();
    const proc = new ManagedProcess(
      `${service}#${index}`,
      process.execPath,
      [MAIN, 'run', service, '--port', String(port), '--host', '127.0.0.1'],
      { ...this.#env, COORDINA_METRICS_PORT: String(metricsPort), ...env },
      join(this.options.dir, `${service}-${index}.log`),
    );
    const instance = { service, port, metricsPort, proc };
    if (this.options.supervise) {
      supervise(proc, {
        url: `http://127.0.0.1:${port}`,
        log: this.options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
        stopping: () => this.#stopping,
      });
    }
    proc.start();
    return instance;
  }

  async #startPostgres(): Promise<string> {
    this.#pg = new EmbeddedPostgresServer(join(this.options.dir, 'pg'), {
      ownProcessGroup: this.options.postgresOwnGroup ?? true,
    });
    return this.#pg.start();
  }

  async #startKafka(): Promise<string[]> {
    this.#kafka = new KafkaServer(join(this.options.dir, 'kafka'));
    return this.#kafka.start();
  }

  async #startRedis(): Promise<void> {
    this.redisPort = await reservePort();
    this.#redis = await startRedisServer(this.options.dir, this.redisPort);
  }

  async #startNginx(port: number): Promise<void> {
    const bin = ensureBinary('nginx');
    const dir = join(this.options.dir, 'nginx');
    mkdirSync(dir, { recursive: true });
    const template = readFileSync(join(ROOT, 'deploy/nginx/coordina.conf.template'), 'utf8');
    const conf = template
      .replaceAll('{{DIR}}', dir)
      .replaceAll('{{PORT}}', String(port))
      .replace(
        '{{UPSTREAMS}}',
        this.gateways.map((g) => `    server 127.0.0.1:${g.port} max_fails=3 fail_timeout=2s;`).join('\n'),
      );
    writeFileSync(join(dir, 'nginx.conf'), conf);
    this.#nginx = new ManagedProcess(
      'nginx',
      bin,
      ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
      process.env,
      join(dir, 'out.log'),
    );
    this.#nginx.start();
    await waitForHealth(this.url, 15_000, 'nginx', this.#nginx);
  }

  /** Stops Redis (an outage) or starts it again on the same port. */
  async redisDown(): Promise<void> {
    await this.#redis?.stop('SIGKILL');
  }

  async redisUp(): Promise<void> {
    this.#redis?.start();
    await waitForPort(this.redisPort, 10_000, 'redis', this.#redis);
  }

  /** This topology's own PostgreSQL server (absent when it shares one). */
  get postgres(): EmbeddedPostgresServer | undefined {
    return this.#pg;
  }

  get kafka(): KafkaServer | undefined {
    return this.#kafka;
  }

  get kafkaPort(): number | undefined {
    return this.#kafka ? Number(this.#kafka.brokers[0]?.split(':')[1]) : undefined;
  }

  async restart(instance: Instance): Promise<void> {
    instance.proc.start();
    await waitForHealth(`http://127.0.0.1:${instance.port}`, 60_000, instance.proc.name, instance.proc);
  }

  #stopping = false;
  #pgUrl = '';

  /** The connection string of a service's database (tests read effects from it). */
  databaseUrl(service: string): string {
    return withDatabase(this.#pgUrl, `${this.options.dbPrefix ?? ''}${service.replaceAll('-', '_')}`);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    // Every part is stopped even if another one fails to, the servers last.
    await Promise.allSettled([this.#nginx?.stop(), ...this.gateways.map((g) => g.proc.stop())]);
    await Promise.allSettled(this.instances.map((i) => i.proc.stop()));
    await Promise.allSettled([this.#redis?.stop(), this.#kafka?.stop(), this.#pg?.stop()]);
  }
}
