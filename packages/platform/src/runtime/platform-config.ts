import type { ConsumerGroupTuning } from '../transport/kafka.broker';
import type { KafkaSecurity, RedisTls } from './transport-security';

/** Everything a process needs to know, from CLI flags and environment. */
export interface PlatformConfig {
  /** `embedded`: everything in one process on the embedded defaults. `distributed`: by URL. */
  mode: 'embedded' | 'distributed';
  port: number;
  host: string;
  dataDir: string;
  /** Base URL clients and providers (webhooks) reach this gateway at. */
  publicUrl: string;
  /**
   * Admin URL of the PostgreSQL server; each service gets its own database on it. TLS is in
   * its `sslmode` and `sslrootcert` (or PGSSLMODE and PGSSLROOTCERT, folded in).
   */
  postgresUrl: string;
  /** Prefix of database names (tests use one per run so they can share a server). */
  dbPrefix: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  demoPassword: string;
  /** The demo password came from COORDINA_DEMO_PASSWORD (never printed), not the published default. */
  demoPasswordFromEnv: boolean;
  /** Demo accounts are created; never off loopback with the published default password. */
  seedDemo: boolean;
  /**
   * Addresses (or CIDR ranges) of the proxies in front of this process (COORDINA_TRUSTED_PROXIES):
   * X-Forwarded-For is read only from them. Empty: the peer's address is the client's.
   */
  trustedProxies: string[];
  /** Sandbox payment provider: delay before it sends the webhook. */
  sandboxWebhookDelayMs: number;
  webhookSecrets: { sandbox: string; stripe: string };
  stripeApiKey: string | undefined;
  smtpUrl: string | undefined;
  /** Without SMTP, emails are written here as .eml files (the embedded default's mailbox). */
  mailDir: string | undefined;
  rateLimit: { perUserPerMinute: number; perIpPerMinute: number };
  logLevel: string;
  /** Distributed: Kafka instead of the PostgreSQL log. */
  kafka:
    | {
        brokers: string[];
        partitions: number;
        replicationFactor: number;
        topicPrefix: string;
        /** Consumer group failure detection (KAFKA_GROUP_PROTOCOL, KAFKA_SESSION_TIMEOUT_MS, KAFKA_HEARTBEAT_INTERVAL_MS). */
        group: ConsumerGroupTuning;
        /** TLS and SASL (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*); plaintext when absent. */
        security?: KafkaSecurity;
      }
    | undefined;
  /** Distributed: cache, rate limits, idempotency keys and discovery in Redis. */
  redisUrl: string | undefined;
  /** TLS to Redis: a `rediss://` REDIS_URL, with REDIS_TLS_CA_FILE for a private CA. */
  redisTls?: RedisTls;
  /** The in-process API latency alert (seed 002): p95 above thresholdMs over windowMs. */
  alerts: { thresholdMs: number; windowMs: number; sampleMs: number; minRequests: number };
  /**
   * COORDINA_METRICS_PORT: Prometheus metrics on this port only. Unset: the embedded default
   * serves /metrics with the API, a distributed process not at all (observability/metrics-endpoint.ts).
   */
  metricsPort: number | undefined;
  /** Also write CloudWatch Embedded Metric Format lines to stdout. */
  metricsEmf: boolean;
  /** Distributed: the URL other processes reach this instance at (discovery). */
  advertiseUrl: string | undefined;
}
