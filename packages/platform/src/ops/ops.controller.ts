import { Controller, Inject } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { Endpoint, Input, type InputOf } from '../http/endpoint';
import type { LatencyAlert } from '../observability/latency-alert.evaluator';
import type { TrafficSample } from '../observability/traffic-history';
import type { ServiceRuntime as ServiceContext } from '../runtime/service-context';
import type { SagaInstance, SagaOrchestrator } from '../saga/saga.orchestrator';
import type { FailedEntry, FailedRegistry } from '../transport/failed.registry';
import { opsRoutes } from './ops.contracts';

export const OPS_CONTEXTS = Symbol.for('coordina.ops-contexts');
export const OPS_ALERTS = Symbol.for('coordina.ops-alerts');
export const OPS_TRAFFIC = Symbol.for('coordina.ops-traffic');

/** Operations API over every service booted in this process: sagas, the failed/hold registries, dead letters. */
@Controller()
export class OpsController {
  constructor(
    @Inject(OPS_CONTEXTS) private readonly contexts: readonly ServiceContext[],
    @Inject(OPS_ALERTS) private readonly alerts: { history: readonly LatencyAlert[] },
    @Inject(OPS_TRAFFIC) private readonly traffic: { samples: readonly TrafficSample[] },
  ) {}

  @Endpoint(opsRoutes, 'GET /api/ops/traffic')
  trafficHistory() {
    // One process for every service (the embedded default) answers as `all`.
    const service = this.contexts.length === 1 ? (this.contexts[0]?.name ?? 'all') : 'all';
    return { items: this.traffic.samples.map((s) => ({ service, ...s })) };
  }

  @Endpoint(opsRoutes, 'GET /api/ops/consumers')
  async consumers() {
    try {
      const lags = await Promise.all(
        this.contexts.map(async (c) => (await c.bus.lag()).map((l) => ({ service: c.name, ...l }))),
      );
      return { items: lags.flat() };
    } catch (err) {
      // The broker did not answer: the operator is told so (503), not given a partial list.
      throw new AppError('SERVICE_UNAVAILABLE', `the broker did not tell the consumer lag: ${(err as Error).message}`);
    }
  }

  @Endpoint(opsRoutes, 'GET /api/ops/alerts')
  alertHistory() {
    return { items: [...this.alerts.history].reverse() };
  }

  @Endpoint(opsRoutes, 'GET /api/ops/sagas')
  async sagas(@Input() { query: q }: InputOf<typeof opsRoutes, 'GET /api/ops/sagas'>) {
    const all = (await Promise.all(this.contexts.map((c) => c.sagas.list(q)))).flat();
    const items = all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, q.limit);
    return { items };
  }

  @Endpoint(opsRoutes, 'GET /api/ops/sagas/:id')
  async saga(@Input() { params: p }: InputOf<typeof opsRoutes, 'GET /api/ops/sagas/:id'>): Promise<SagaInstance> {
    for (const c of this.contexts) {
      const s = await c.sagas.get(p.id);
      if (s) return s;
    }
    throw new AppError('NOT_FOUND', `no saga ${p.id}`);
  }

  @Endpoint(opsRoutes, 'POST /api/ops/sagas/:id/retry')
  async retrySaga(
    @Input() { params: p }: InputOf<typeof opsRoutes, 'POST /api/ops/sagas/:id/retry'>,
  ): Promise<SagaInstance> {
    return this.#parked(p.id, (sagas) => sagas.retry(p.id));
  }

  @Endpoint(opsRoutes, 'POST /api/ops/sagas/:id/discard')
  async discardSaga(
    @Input() { params: p }: InputOf<typeof opsRoutes, 'POST /api/ops/sagas/:id/discard'>,
  ): Promise<SagaInstance> {
    return this.#parked(p.id, (sagas) => sagas.discard(p.id));
  }

  @Endpoint(opsRoutes, 'GET /api/ops/failed')
  async failed(@Input() { query: q }: InputOf<typeof opsRoutes, 'GET /api/ops/failed'>) {
    const items = (await Promise.all(this.#registries().map((r) => r.list(q.status)))).flat();
    return { items: items.sort((a, b) => a.failedAt.localeCompare(b.failedAt)) };
  }

  @Endpoint(opsRoutes, 'POST /api/ops/failed/:id/retry')
  async retry(
    @Input() { params: p }: InputOf<typeof opsRoutes, 'POST /api/ops/failed/:id/retry'>,
  ): Promise<FailedEntry> {
    return (await this.#owner(p.id)).retry(p.id);
  }

  @Endpoint(opsRoutes, 'POST /api/ops/failed/:id/discard')
  async discard(
    @Input() { params: p }: InputOf<typeof opsRoutes, 'POST /api/ops/failed/:id/discard'>,
  ): Promise<FailedEntry> {
    return (await this.#owner(p.id)).discard(p.id);
  }

  @Endpoint(opsRoutes, 'GET /api/ops/held')
  async held() {
    return { items: (await Promise.all(this.#registries().map((r) => r.listHeld()))).flat() };
  }

  @Endpoint(opsRoutes, 'GET /api/ops/dead-letters')
  async deadLetters(@Input() { query: q }: InputOf<typeof opsRoutes, 'GET /api/ops/dead-letters'>) {
    const queues = this.contexts.filter((c) => !q.service || c.name === q.service).map((c) => c.queue);
    const items = (await Promise.all(queues.map((queue) => queue.deadLetters(q.limit)))).flat();
    return { items: items.sort((a, b) => b.deadAt.localeCompare(a.deadAt)).slice(0, q.limit) };
  }

  @Endpoint(opsRoutes, 'POST /api/ops/dead-letters/:id/retry')
  async retryDeadLetter(
    @Input() { params: p }: InputOf<typeof opsRoutes, 'POST /api/ops/dead-letters/:id/retry'>,
  ): Promise<{ id: string; retried: true }> {
    for (const c of this.contexts) if (await c.queue.retryDeadLetter(p.id)) return { id: p.id, retried: true };
    throw new AppError('NOT_FOUND', `no dead letter ${p.id}`);
  }

  /** Applies an operator's action to a PARKED saga: 404 when no service has it, 409 when it is not parked. */
  async #parked(id: string, act: (sagas: SagaOrchestrator) => Promise<boolean>): Promise<SagaInstance> {
    for (const c of this.contexts) {
      if (!(await c.sagas.get(id))) continue;
      if (!(await act(c.sagas))) throw new AppError('INVALID_STATE', `saga ${id} is not parked`);
      const s = await c.sagas.get(id);
      if (s) return s;
    }
    throw new AppError('NOT_FOUND', `no saga ${id}`);
  }

  #registries(): FailedRegistry[] {
    return this.contexts.flatMap((c) => c.bus.runners.map((r) => r.registry));
  }

  async #owner(id: string): Promise<FailedRegistry> {
    for (const r of this.#registries()) if (await r.get(id)) return r;
    throw new AppError('NOT_FOUND', `no failed event ${id}`);
  }
}
