import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { zod } from '../http/zod.pipe';
import type { LatencyAlert } from '../observability/latency-alert.evaluator';
import type { ServiceRuntime as ServiceContext } from '../runtime/service-context';
import type { SagaInstance, SagaOrchestrator } from '../saga/saga.orchestrator';
import type { FailedEntry, FailedRegistry } from '../transport/failed.registry';
import { DeadLetterQuery, FailedParams, FailedQuery, SagaQuery } from './ops.contracts';

export const OPS_CONTEXTS = Symbol.for('coordina.ops-contexts');
export const OPS_ALERTS = Symbol.for('coordina.ops-alerts');

/** Operations API over every service booted in this process: sagas, the failed/hold registries, dead letters. */
@Controller('api/ops')
export class OpsController {
  constructor(
    @Inject(OPS_CONTEXTS) private readonly contexts: readonly ServiceContext[],
    @Inject(OPS_ALERTS) private readonly alerts: { history: readonly LatencyAlert[] },
  ) {}

  @Get('alerts')
  alertHistory() {
    return { items: [...this.alerts.history].reverse() };
  }

  @Get('sagas')
  async sagas(@Query(zod(SagaQuery)) q: { status?: string; name?: string; limit: number }) {
    const all = (await Promise.all(this.contexts.map((c) => c.sagas.list(q)))).flat();
    const items = all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, q.limit);
    return { items };
  }

  @Get('sagas/:id')
  async saga(@Param(zod(FailedParams)) p: { id: string }): Promise<SagaInstance> {
    for (const c of this.contexts) {
      const s = await c.sagas.get(p.id);
      if (s) return s;
    }
    throw new AppError('NOT_FOUND', `no saga ${p.id}`);
  }

  @Post('sagas/:id/retry')
  @HttpCode(200)
  async retrySaga(@Param(zod(FailedParams)) p: { id: string }): Promise<SagaInstance> {
    return this.#parked(p.id, (sagas) => sagas.retry(p.id));
  }

  @Post('sagas/:id/discard')
  @HttpCode(200)
  async discardSaga(@Param(zod(FailedParams)) p: { id: string }): Promise<SagaInstance> {
    return this.#parked(p.id, (sagas) => sagas.discard(p.id));
  }

  @Get('failed')
  async failed(@Query(zod(FailedQuery)) q: { status?: string }) {
    const items = (await Promise.all(this.#registries().map((r) => r.list(q.status)))).flat();
    return { items: items.sort((a, b) => a.failedAt.localeCompare(b.failedAt)) };
  }

  @Post('failed/:id/retry')
  @HttpCode(200)
  async retry(@Param(zod(FailedParams)) p: { id: string }): Promise<FailedEntry> {
    return (await this.#owner(p.id)).retry(p.id);
  }

  @Post('failed/:id/discard')
  @HttpCode(200)
  async discard(@Param(zod(FailedParams)) p: { id: string }): Promise<FailedEntry> {
    return (await this.#owner(p.id)).discard(p.id);
  }

  @Get('held')
  async held() {
    return { items: (await Promise.all(this.#registries().map((r) => r.listHeld()))).flat() };
  }

  @Get('dead-letters')
  async deadLetters(@Query(zod(DeadLetterQuery)) q: { service?: string; limit: number }) {
    const queues = this.contexts.filter((c) => !q.service || c.name === q.service).map((c) => c.queue);
    const items = (await Promise.all(queues.map((queue) => queue.deadLetters(q.limit)))).flat();
    return { items: items.sort((a, b) => b.deadAt.localeCompare(a.deadAt)).slice(0, q.limit) };
  }

  @Post('dead-letters/:id/retry')
  @HttpCode(200)
  async retryDeadLetter(@Param(zod(FailedParams)) p: { id: string }): Promise<{ id: string; retried: true }> {
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
