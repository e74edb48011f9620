import { z } from 'zod';
import { defineRoutes } from '../contracts/route-contract';
import { SAGA_STATUSES, type SagaStatus } from '../saga/saga.store';

const Admin = ['platform_admin'] as const;
export const FailedParams = z.object({ id: z.uuid() });
export const SagaQuery = z.object({
  status: z.enum(SAGA_STATUSES as [SagaStatus, ...SagaStatus[]]).optional(),
  name: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const FailedQuery = z.object({ status: z.enum(['FAILED', 'RETRIED', 'DISCARDED']).optional() });
export const DeadLetterQuery = z.object({
  service: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const Nullable = z.string().nullable();

const SagaLogLine = z.object({ step: z.string(), action: z.string(), detail: Nullable, at: z.string() });
/** A saga instance as the ops API shows it (saga.store.ts `SagaInstance`). */
export const SagaView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(SAGA_STATUSES as [SagaStatus, ...SagaStatus[]]),
  step: z.number().int(),
  stepName: Nullable,
  state: z.record(z.string(), z.unknown()),
  failure: Nullable,
  cause: z.object({ step: z.string(), kind: z.string(), reason: z.string() }).nullable(),
  attempts: z.number().int(),
  lastError: Nullable,
  deadline: Nullable,
  createdAt: z.string(),
  updatedAt: z.string(),
  log: z.array(SagaLogLine).optional(),
});
export const SagaList = z.object({ items: z.array(SagaView) });
/** A parked event of a consumer group (failed.registry.ts `FailedEntry`). */
export const FailedView = z.object({
  id: z.string(),
  group: z.string(),
  key: z.string(),
  topic: z.string(),
  eventId: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  status: z.enum(['FAILED', 'RETRIED', 'DISCARDED']),
  failedAt: z.string(),
  resolvedAt: Nullable,
  heldCount: z.number().int(),
});
export const FailedList = z.object({ items: z.array(FailedView) });
export const HeldList = z.object({
  items: z.array(
    z.object({
      seq: z.number().int(),
      group: z.string(),
      key: z.string(),
      topic: z.string(),
      eventId: z.string(),
      heldAt: z.string(),
    }),
  ),
});
export const AlertList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      rule: z.string(),
      state: z.enum(['firing', 'resolved']),
      p95Ms: z.number(),
      thresholdMs: z.number(),
      windowSeconds: z.number(),
      requests: z.number().int(),
      at: z.string(),
    }),
  ),
});
export const DeadLetterList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      service: z.string(),
      queue: z.string(),
      originalId: Nullable,
      data: z.unknown(),
      error: Nullable,
      attempts: z.number().int(),
      createdAt: z.string(),
      deadAt: z.string(),
    }),
  ),
});
export const TrafficList = z.object({
  items: z.array(
    z.object({
      /** The service whose API answered (`all` for the embedded default, one process for every service). */
      service: z.string(),
      at: z.string(),
      requests: z.number().int(),
      perSecond: z.number(),
      p50Ms: z.number(),
      p95Ms: z.number(),
    }),
  ),
});
export const ConsumerLagList = z.object({
  items: z.array(
    z.object({
      service: z.string(),
      group: z.string(),
      topic: z.string(),
      partitions: z.number().int(),
      /** Records ever appended to the topic. */
      end: z.number().int(),
      /** Records the group has not handled yet. */
      lag: z.number().int(),
    }),
  ),
});
export const DeadLetterRetried = z.object({ id: z.string(), retried: z.literal(true) });

export const opsRoutes = defineRoutes('ops', [
  {
    method: 'GET',
    path: '/api/ops/sagas',
    auth: Admin,
    summary: 'List saga instances',
    query: SagaQuery,
    response: SagaList,
  },
  {
    method: 'GET',
    path: '/api/ops/sagas/:id',
    auth: Admin,
    summary: 'Inspect one saga with its step log',
    params: FailedParams,
    response: SagaView,
  },
  {
    method: 'POST',
    path: '/api/ops/sagas/:id/retry',
    auth: Admin,
    summary: 'Retry a parked saga: the timekeeper takes it up again, its attempts counted afresh',
    params: FailedParams,
    response: SagaView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/ops/sagas/:id/discard',
    auth: Admin,
    summary: 'Discard a parked saga: its remaining undos never run',
    params: FailedParams,
    response: SagaView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/ops/failed',
    auth: Admin,
    summary: 'Failed registry: parked events',
    query: FailedQuery,
    response: FailedList,
  },
  {
    method: 'POST',
    path: '/api/ops/failed/:id/retry',
    auth: Admin,
    summary: 'Retry a parked event, then drain its held events',
    params: FailedParams,
    response: FailedView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/ops/failed/:id/discard',
    auth: Admin,
    summary: 'Discard a parked event, releasing its held events',
    params: FailedParams,
    response: FailedView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/ops/held',
    auth: Admin,
    summary: 'Hold registry: events waiting behind a failed one',
    response: HeldList,
  },
  {
    method: 'GET',
    path: '/api/ops/alerts',
    auth: Admin,
    summary: 'Alerts raised by the in-process evaluator (API p95 latency)',
    response: AlertList,
  },
  {
    method: 'GET',
    path: '/api/ops/traffic',
    auth: Admin,
    summary:
      'API request rate and p50/p95 latency per sampling interval (ALERT_SAMPLE_SECONDS), the last 30 minutes or so, per service process',
    response: TrafficList,
  },
  {
    method: 'GET',
    path: '/api/ops/consumers',
    auth: Admin,
    summary: 'Consumer lag: per consumer group and topic, the records appended and those not handled yet',
    response: ConsumerLagList,
  },
  {
    method: 'GET',
    path: '/api/ops/dead-letters',
    auth: Admin,
    summary: 'Queue jobs that failed every retry, across services, newest first',
    query: DeadLetterQuery,
    response: DeadLetterList,
  },
  {
    method: 'POST',
    path: '/api/ops/dead-letters/:id/retry',
    auth: Admin,
    summary: 'Move a dead job back to its queue to run again',
    params: FailedParams,
    response: DeadLetterRetried,
    status: 200,
  },
]);
