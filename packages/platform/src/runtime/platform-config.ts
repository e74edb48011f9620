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
  seedDemo: boolean;
  /** Sandbox payment provider: delay before it sends the webhook. */
  sandboxWebhookDelayMs: number;
  webhookSecrets: { sandbox: string; stripe: string };
  stripeApiKey: string | undefined;
  smtpUrl: string | undefined;
  /** Without SMTP, emails are written here as .eml files (the embedded default's mailbox). */
  mailDir: string | undefined;
  rateLimit: { perUserPerMinute: number; perIpPerMinute: number };
  booking: { holdTimeoutMs: number; cancellationWindowHours: number };
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
  /** Also write CloudWatch Embedded Metric Format lines to stdout. */
  metricsEmf: boolean;
  /** Distributed: the URL other processes reach this instance at (discovery). */
  advertiseUrl: string | undefined;
}
