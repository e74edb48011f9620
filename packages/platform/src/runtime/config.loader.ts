import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PlatformConfig } from './platform-config';
import { kafkaSecurityFromEnv, postgresUrlFromEnv, redisTlsFromEnv } from './transport-security';

export const DEFAULT_DEMO_PASSWORD = 'coordina-demo';

function optionalInt(v: string | undefined): number | undefined {
  const n = v === undefined ? Number.NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

function int(v: string | undefined, fallback: number): number {
  const n = v === undefined ? Number.NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Secrets for the embedded default are generated once and kept in the data directory. */
function localSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets.json');
  const all: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!all[name]) {
    all[name] = randomBytes(32).toString('hex');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  }
  return all[name];
}

/**
 * The platform's configuration from defaults, then environment, then explicit overrides (CLI
 * flags, tests). A service's own settings are not here: its manifest's schema reads them
 * (service-settings.ts).
 */
export function loadConfig(
  overrides: Partial<PlatformConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): PlatformConfig {
  const mode = overrides.mode ?? (env.COORDINA_MODE === 'distributed' ? 'distributed' : 'embedded');
  const dataDir = resolve(overrides.dataDir ?? env.COORDINA_DATA_DIR ?? '.coordina');
  const port = overrides.port ?? int(env.PORT, 8080);
  // The embedded default serves only this machine unless told otherwise (--host, COORDINA_HOST);
  // a distributed process runs in a container or pod that others must reach.
  const host = overrides.host ?? env.COORDINA_HOST ?? (mode === 'distributed' ? '0.0.0.0' : '127.0.0.1');
  // Demo accounts reachable from other machines must not have the published password.
  const demoPasswordFromEnv = Boolean(env.COORDINA_DEMO_PASSWORD);
  const seedDemo = env.COORDINA_SEED_DEMO ? env.COORDINA_SEED_DEMO === 'true' : mode === 'embedded';
  const secret = (name: string, envName: string) =>
    env[envName] ?? (mode === 'embedded' ? localSecret(dataDir, name) : missing(envName));
  return {
    mode,
    port,
    host,
    dataDir,
    publicUrl: env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    postgresUrl: postgresUrlFromEnv(env),
    dbPrefix: env.COORDINA_DB_PREFIX ?? '',
    jwtSecret: overrides.jwtSecret ?? secret('jwt', 'JWT_SECRET'),
    accessTokenTtlSeconds: int(env.ACCESS_TOKEN_TTL_SECONDS, 900),
    refreshTokenTtlSeconds: int(env.REFRESH_TOKEN_TTL_SECONDS, 30 * 24 * 3600),
    demoPassword: env.COORDINA_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    demoPasswordFromEnv,
    seedDemo: seedDemo && (demoPasswordFromEnv || isLoopback(host)),
    trustedProxies: (env.COORDINA_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    sandboxWebhookDelayMs: int(env.SANDBOX_WEBHOOK_DELAY_MS, 300),
    webhookSecrets: overrides.webhookSecrets ?? {
      sandbox: env.SANDBOX_WEBHOOK_SECRET ?? `whsec_${secret('sandbox_webhook', 'SANDBOX_WEBHOOK_SECRET')}`,
      stripe: env.STRIPE_WEBHOOK_SECRET ?? '',
    },
    stripeApiKey: env.STRIPE_API_KEY || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailDir: overrides.mailDir ?? (env.COORDINA_MAIL_DIR || undefined),
    rateLimit: {
      perUserPerMinute: int(env.RATE_LIMIT_USER_PER_MINUTE, 600),
      perIpPerMinute: int(env.RATE_LIMIT_IP_PER_MINUTE, 1200),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    kafka: env.KAFKA_BROKERS
      ? {
          brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()),
          partitions: int(env.KAFKA_PARTITIONS, 8),
          replicationFactor: int(env.KAFKA_REPLICATION_FACTOR, 1),
          topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
          group: stripUndefined({
            protocol: env.KAFKA_GROUP_PROTOCOL === 'consumer' ? ('consumer' as const) : undefined,
            sessionTimeoutMs: optionalInt(env.KAFKA_SESSION_TIMEOUT_MS),
            heartbeatIntervalMs: optionalInt(env.KAFKA_HEARTBEAT_INTERVAL_MS),
          }),
          ...stripUndefined({ security: kafkaSecurityFromEnv(env) }),
        }
      : undefined,
    redisUrl: env.REDIS_URL || undefined,
    ...stripUndefined({ redisTls: redisTlsFromEnv(env) }),
    alerts: {
      thresholdMs: int(env.ALERT_LATENCY_P95_MS, 200),
      windowMs: int(env.ALERT_WINDOW_SECONDS, 300) * 1000,
      sampleMs: int(env.ALERT_SAMPLE_SECONDS, 15) * 1000,
      minRequests: int(env.ALERT_MIN_REQUESTS, 20),
    },
    metricsPort: optionalInt(env.COORDINA_METRICS_PORT),
    metricsEmf: env.COORDINA_METRICS_EMF === 'true',
    advertiseUrl: env.ADVERTISE_URL || undefined,
    ...stripUndefined(overrides),
  };
}

/** Fastify's trustProxy: the configured proxies' addresses, or none (the peer is the client). */
export function trustProxy(config: Pick<PlatformConfig, 'trustedProxies'>): string[] | false {
  return config.trustedProxies.length > 0 ? config.trustedProxies : false;
}

/** Whether a listen address accepts connections from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function missing(name: string): never {
  throw new Error(`${name} must be set in distributed mode`);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
