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

export const opsRoutes = defineRoutes('ops', [
  { method: 'GET', path: '/api/ops/sagas', auth: Admin, summary: 'List saga instances', query: SagaQuery },
  {
    method: 'GET',
    path: '/api/ops/sagas/:id',
    auth: Admin,
    summary: 'Inspect one saga with its step log',
    params: FailedParams,
  },
  {
    method: 'POST',
    path: '/api/ops/sagas/:id/retry',
    auth: Admin,
    summary: 'Retry a parked saga: the timekeeper takes it up again, its attempts counted afresh',
    params: FailedParams,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/ops/sagas/:id/discard',
    auth: Admin,
    summary: 'Discard a parked saga: its remaining undos never run',
    params: FailedParams,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/ops/failed',
    auth: Admin,
    summary: 'Failed registry: parked events',
    query: FailedQuery,
  },
  {
    method: 'POST',
    path: '/api/ops/failed/:id/retry',
    auth: Admin,
    summary: 'Retry a parked event, then drain its held events',
    params: FailedParams,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/ops/failed/:id/discard',
    auth: Admin,
    summary: 'Discard a parked event, releasing its held events',
    params: FailedParams,
    status: 200,
  },
  { method: 'GET', path: '/api/ops/held', auth: Admin, summary: 'Hold registry: events waiting behind a failed one' },
  {
    method: 'GET',
    path: '/api/ops/alerts',
    auth: Admin,
    summary: 'Alerts raised by the in-process evaluator (API p95 latency)',
  },
  {
    method: 'GET',
    path: '/api/ops/dead-letters',
    auth: Admin,
    summary: 'Queue jobs that failed every retry, across services, newest first',
    query: DeadLetterQuery,
  },
  {
    method: 'POST',
    path: '/api/ops/dead-letters/:id/retry',
    auth: Admin,
    summary: 'Move a dead job back to its queue to run again',
    params: FailedParams,
    status: 200,
  },
]);
