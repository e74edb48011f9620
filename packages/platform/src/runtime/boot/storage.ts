import type { Redis } from 'ioredis';
import { MemorySessionVersions, RedisSessionVersions, type SessionVersions } from '../../auth/session-versions';
import { createRedis } from '../../cache/redis.client';
import { Database, ensureDatabase, withDatabase } from '../../db/database';
import { migrate } from '../../db/migrator';
import type { Logger } from '../../observability/logger';
import { MemoryUserChannels, RedisUserChannels, type UserChannels } from '../../realtime/user-channels';
import { KafkaBroker } from '../../transport/kafka.broker';
import type { LogBroker } from '../../transport/log-broker';
import { PgLogBroker } from '../../transport/pg-log.broker';
import { logMigrations } from '../../transport/platform-migrations';
import type { PlatformConfig } from '../platform-config';

export function databaseName(prefix: string, service: string): string {
  return `${prefix}${service.replaceAll('-', '_')}`;
}

/** Opens (creating it if needed) the database of a service or of a platform part, by name. */
export type OpenDatabase = (name: string, max?: number) => Promise<Database>;

/**
 * Embedded: one server, a database per name (`<prefix><name>`). Distributed: the process runs
 * one service and DATABASE_URL names its own database, whatever the name asked for.
 */
export function databaseOpener(config: PlatformConfig): OpenDatabase {
  return async (name, max = 10) => {
    if (config.mode === 'distributed') {
      const url = new URL(config.postgresUrl);
      await ensureDatabase(withDatabase(config.postgresUrl, 'postgres'), url.pathname.slice(1)).catch(() => undefined);
      return new Database(config.postgresUrl, { max });
    }
    const dbName = databaseName(config.dbPrefix, name);
    await ensureDatabase(config.postgresUrl, dbName);
    return new Database(withDatabase(config.postgresUrl, dbName), { max });
  };
}

/** What the services of a process share: the broker, Redis when configured, session versions. */
export interface SharedStorage {
  broker: LogBroker;
  redis: Redis | undefined;
  sessions: SessionVersions;
  /** The user channels of realtime frames (decision 0081). */
  realtime: UserChannels;
  /** Databases of the platform's own (the PostgreSQL log), closed with the app. */
  dbs: Database[];
}

/** Kafka when configured, else the PostgreSQL log in its own database; Redis when configured. */
export async function openStorage(
  config: PlatformConfig,
  clientId: string,
  open: OpenDatabase,
  log: Logger,
): Promise<SharedStorage> {
  const dbs: Database[] = [];
  let broker: LogBroker;
  if (config.kafka) {
    broker = new KafkaBroker({ ...config.kafka, clientId }, log);
  } else {
    // One connection LISTENs for the whole process (decision 0077); the others serve the groups'
    // reads and position updates, waiting their turn when every one is busy.
    const logDb = await open('coordina_log', 20);
    await migrate(logDb, 'platform', logMigrations);
    dbs.push(logDb);
    broker = new PgLogBroker(logDb, log);
  }
  // Auto-pipelined: a cached read costs a Redis read per request, and the reads of the requests
  // served in one event loop turn go out as one write (decision 0059).
  const redis = config.redisUrl
    ? createRedis(config.redisUrl, { autoPipelining: true, tls: config.redisTls })
    : undefined;
  const tokenLifeMs = config.accessTokenTtlSeconds * 1000;
  const sessions = redis ? new RedisSessionVersions(redis, tokenLifeMs, log) : new MemorySessionVersions(tokenLifeMs);
  const realtime = redis ? new RedisUserChannels(redis, log) : new MemoryUserChannels();
  return { broker, redis, sessions, realtime, dbs };
}
