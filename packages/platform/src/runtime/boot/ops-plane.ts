import type { Redis } from 'ioredis';
import { AlertaDisparada } from '../../contracts/ops-events';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrator';
import { gatewayMigrations, type IdempotencyStore, PgIdempotencyStore } from '../../gateway/idempotency.store';
import { RedisIdempotencyStore } from '../../gateway/redis.idempotency.store';
import { LatencyAlertEvaluator } from '../../observability/latency-alert.evaluator';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { EventBus } from '../../transport/event-bus';
import type { LogBroker } from '../../transport/log-broker';
import { serviceMigrations } from '../../transport/platform-migrations';
import type { PlatformConfig } from '../platform-config';
import type { OpenDatabase } from './storage';

/**
 * The embedded gateway's own parts: its database (Idempotency-Keys unless Redis keeps them),
 * the platform's outbox for operations events, and the latency alert that publishes them.
 */
export interface OpsPlane {
  db: Database;
  idempotency: IdempotencyStore;
  bus: EventBus;
  alerts: LatencyAlertEvaluator;
}

export async function openOpsPlane(deps: {
  config: PlatformConfig;
  open: OpenDatabase;
  broker: LogBroker;
  redis: Redis | undefined;
  metrics: Metrics;
  log: Logger;
}): Promise<OpsPlane> {
  const { config, broker, metrics, log } = deps;
  const db = await deps.open('gateway');
  await migrate(db, 'gateway', gatewayMigrations);
  let idempotency: IdempotencyStore;
  if (deps.redis) idempotency = new RedisIdempotencyStore(deps.redis);
  else {
    const store = new PgIdempotencyStore(db);
    const orphans = await store.releaseOrphans();
    if (orphans > 0) log.warn({ orphans }, 'released Idempotency-Keys claimed by a process that died');
    idempotency = store;
  }
  // The platform's own outbox, for operations events such as alerts.
  await migrate(db, 'platform', serviceMigrations);
  const bus = new EventBus('ops', db, broker, log, metrics);
  const alerts = new LatencyAlertEvaluator(metrics.httpDuration, config.alerts, async (alert) => {
    const summary = `${alert.rule} ${alert.state}: API p95 ${alert.p95Ms} ms over ${alert.windowSeconds} s (threshold ${alert.thresholdMs} ms, ${alert.requests} requests)`;
    if (alert.state === 'firing') log.error({ alert }, summary);
    else log.info({ alert }, summary);
    await db.transaction((tx) =>
      bus.publish(tx, AlertaDisparada, {
        alertId: alert.id,
        rule: alert.rule,
        state: alert.state,
        summary,
        at: alert.at,
      }),
    );
  });
  return { db, idempotency, bus, alerts };
}
