import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { EventContract } from '../contracts/event-contract';
import type { Database, Tx } from '../db/database';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { crashPoint } from '../runtime/crash-points';
import { on } from '../transport/consumer';
import type { EventBus } from '../transport/event-bus';
import { type SagaDefinition, type SagaState, SagaStepFailed, type StepContext } from './saga.definition';

export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED';

export interface SagaInstance {
  id: string;
  name: string;
  status: SagaStatus;
  step: number;
  stepName: string | null;
  state: SagaState;
  failure: string | null;
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
  log?: { step: string; action: string; detail: string | null; at: string }[];
}

interface Row {
  id: string;
  name: string;
  status: SagaStatus;
  step: number;
  state: SagaState;
  failure: string | null;
  deadline: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Durable orchestration: saga state lives in the service's database and moves only inside
 * transactions (a local step, a reply, a timeout), so a crash at any point resumes from the
 * last commit. Compensations run in reverse order.
 */
export class SagaOrchestrator {
  readonly #defs = new Map<string, SagaDefinition<never>>();
  #stopped = false;
  #timekeeper: Promise<void> | undefined;

  constructor(
    private readonly service: string,
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    private readonly tickMs = 200,
  ) {}

  register<S extends SagaState>(def: SagaDefinition<S>): void {
    this.#defs.set(def.name, def as unknown as SagaDefinition<never>);
    const replies = new Map<string, EventContract>();
    for (const s of def.steps) {
      if (s.replies) {
        replies.set(s.replies.success.topic, s.replies.success);
        replies.set(s.replies.failure.topic, s.replies.failure);
      }
    }
    if (replies.size === 0) return;
    this.bus.subscribe({
      group: `${this.service}.saga.${def.name}`,
      handlers: [...replies.values()].map((c) => on(c, (data, event, tx) => this.#onReply(def.name, data, event, tx))),
    });
  }

  /** Starts a saga inside the caller's transaction and runs its leading local steps there. */
  async start<S extends SagaState>(tx: Tx, name: string, id: string, state: S): Promise<SagaStatus> {
    const def = this.#def(name);
    await sql`INSERT INTO coordina_sagas (id, name, status, step, state)
      VALUES (${id}, ${name}, 'RUNNING', 0, ${JSON.stringify(state)}::jsonb)`.execute(tx);
    await this.#logStep(tx, id, 'start', 'started', null);
    return this.#advance(tx, def, id, state, 0);
  }

  startTimekeeper(): void {
    this.#timekeeper = this.#tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#timekeeper;
  }

  async list(filter: { status?: string; name?: string; limit?: number } = {}): Promise<SagaInstance[]> {
    const r = await sql<Row>`SELECT * FROM coordina_sagas WHERE true
      ${filter.status ? sql`AND status = ${filter.status}` : sql``}
      ${filter.name ? sql`AND name = ${filter.name}` : sql``}
      ORDER BY created_at DESC LIMIT ${filter.limit ?? 100}`.execute(this.db.db);
    return r.rows.map((row) => this.#toInstance(row));
  }

  async get(id: string): Promise<SagaInstance | undefined> {
    const r = await sql<Row>`SELECT * FROM coordina_sagas WHERE id = ${id}`.execute(this.db.db);
    const row = r.rows[0];
    if (!row) return undefined;
    const log = await sql<{ step: string; action: string; detail: string | null; at: Date }>`
      SELECT step, action, detail, at FROM coordina_saga_log WHERE saga_id = ${id} ORDER BY seq`.execute(this.db.db);
    return {
      ...this.#toInstance(row),
      log: log.rows.map((l) => ({ ...l, at: new Date(l.at).toISOString() })),
    };
  }

  #toInstance(row: Row): SagaInstance {
    const def = this.#defs.get(row.name);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      step: row.step,
      stepName: def?.steps[row.step]?.name ?? null,
      state: row.state,
      failure: row.failure,
      deadline: row.deadline ? new Date(row.deadline).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  #def(name: string): SagaDefinition<SagaState> {
    const def = this.#defs.get(name);
    if (!def) throw new Error(`unknown saga ${name}`);
    return def as unknown as SagaDefinition<SagaState>;
  }

  #ctx(tx: Tx, sagaId: string): StepContext {
    return {
      sagaId,
      tx,
      publish: async (contract, data) => {
        await this.bus.publish(tx, contract, data);
      },
    };
  }

  /** Runs steps from `from` until one waits for a reply or the saga completes. */
  async #advance(
    tx: Tx,
    def: SagaDefinition<SagaState>,
    id: string,
    state: SagaState,
    from: number,
  ): Promise<SagaStatus> {
    let current = state;
    for (let i = from; i < def.steps.length; i++) {
      const step = def.steps[i];
      if (!step) break;
      const ctx = this.#ctx(tx, id);
      try {
        await sql`SAVEPOINT saga_step`.execute(tx);
        if (step.run) {
          const patch = await step.run(current, ctx);
          await sql`RELEASE SAVEPOINT saga_step`.execute(tx);
          current = { ...current, ...(patch ?? {}) };
          await this.#logStep(tx, id, step.name, 'done', null);
          continue;
        }
        await step.command?.(current, ctx);
        await sql`RELEASE SAVEPOINT saga_step`.execute(tx);
        const deadline = new Date(Date.now() + (step.timeoutMs ?? 60_000));
        await sql`UPDATE coordina_sagas SET step = ${i}, state = ${JSON.stringify(current)}::jsonb,
          deadline = ${deadline}, updated_at = now() WHERE id = ${id}`.execute(tx);
        await this.#logStep(tx, id, step.name, 'command-sent', null);
        return 'RUNNING';
      } catch (err) {
        if (!(err instanceof SagaStepFailed)) throw err;
        await sql`ROLLBACK TO SAVEPOINT saga_step`.execute(tx);
        await sql`UPDATE coordina_sagas SET step = ${i}, state = ${JSON.stringify(current)}::jsonb WHERE id = ${id}`.execute(
          tx,
        );
        return this.#compensate(tx, def, id, current, i - 1, `${step.name}: ${err.reason}`);
      }
    }
    await sql`UPDATE coordina_sagas SET status = 'COMPLETED', step = ${def.steps.length},
      state = ${JSON.stringify(current)}::jsonb, deadline = NULL, updated_at = now() WHERE id = ${id}`.execute(tx);
    await def.onCompleted?.(current, this.#ctx(tx, id));
    await this.#logStep(tx, id, 'end', 'completed', null);
    this.metrics?.sagas.inc({ saga: def.name, status: 'COMPLETED' });
    return 'COMPLETED';
  }

  /** Runs the undo of steps `last`..0 in reverse order, in one transaction. */
  async #compensate(
    tx: Tx,
    def: SagaDefinition<SagaState>,
    id: string,
    state: SagaState,
    last: number,
    reason: string,
  ): Promise<SagaStatus> {
    await sql`UPDATE coordina_sagas SET status = 'COMPENSATING', failure = ${reason}, deadline = NULL,
      updated_at = now() WHERE id = ${id}`.execute(tx);
    let undone = 0;
    for (let i = last; i >= 0; i--) {
      const step = def.steps[i];
      if (!step?.compensate) continue;
      if (undone++ === 1) crashPoint('saga.mid-compensation');
      await step.compensate(state, this.#ctx(tx, id), reason);
      await this.#logStep(tx, id, step.undo ?? `undo ${step.name}`, 'compensated', null);
    }
    await sql`UPDATE coordina_sagas SET status = 'COMPENSATED', updated_at = now() WHERE id = ${id}`.execute(tx);
    await def.onCompensated?.(state, this.#ctx(tx, id), reason);
    await this.#logStep(tx, id, 'end', 'compensated', reason);
    this.metrics?.sagas.inc({ saga: def.name, status: 'COMPENSATED' });
    return 'COMPENSATED';
  }

  async #onReply(name: string, data: unknown, event: CloudEvent, tx: Tx): Promise<void> {
    const def = this.#def(name);
    const replyStep = def.steps.find(
      (s) => s.replies && (s.replies.success.topic === event.type || s.replies.failure.topic === event.type),
    );
    if (!replyStep?.replies) return;
    const sagaId = replyStep.replies.correlate(data as never);
    const r = await sql<Row>`SELECT * FROM coordina_sagas WHERE id = ${sagaId} AND name = ${name} FOR UPDATE`.execute(
      tx,
    );
    const row = r.rows[0];
    const step = row ? def.steps[row.step] : undefined;
    // A late or duplicate reply (saga already moved on, or timed out) changes nothing.
    if (row?.status !== 'RUNNING' || step !== replyStep || !step.replies) {
      if (row) await this.#logStep(tx, row.id, replyStep.name, 'reply-ignored', event.type);
      return;
    }
    if (event.type === step.replies.success.topic) {
      const patch = step.replies.onSuccess?.(row.state, data as never) ?? {};
      await this.#logStep(tx, row.id, step.name, 'done', event.type);
      await this.#advance(tx, def, row.id, { ...row.state, ...patch }, row.step + 1);
    } else {
      const reason = step.replies.reason?.(data as never) ?? event.type;
      await this.#logStep(tx, row.id, step.name, 'failed', reason);
      await this.#compensate(tx, def, row.id, row.state, row.step - 1, `${step.name}: ${reason}`);
    }
  }

  async #tick(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#expireOne();
      } catch (err) {
        this.log.warn({ err }, 'saga timekeeper failed; retrying');
      }
      await sleep(this.tickMs);
    }
  }

  /** Times out overdue sagas: the waiting step's own undo runs too, since its effect may land late. */
  async #expireOne(): Promise<void> {
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        const r = await sql<Row>`SELECT * FROM coordina_sagas WHERE status = 'RUNNING' AND deadline < now()
          ORDER BY deadline LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
        const row = r.rows[0];
        if (!row) return true;
        const def = this.#def(row.name);
        const step = def.steps[row.step];
        await this.#logStep(tx, row.id, step?.name ?? '?', 'timed-out', null);
        await this.#compensate(tx, def, row.id, row.state, row.step, `${step?.name ?? 'step'}: timed out`);
        return false;
      });
      if (done || this.#stopped) return;
    }
  }

  async #logStep(tx: Tx, id: string, step: string, action: string, detail: string | null): Promise<void> {
    await sql`INSERT INTO coordina_saga_log (saga_id, step, action, detail) VALUES (${id}, ${step}, ${action}, ${detail})`.execute(
      tx,
    );
  }
}
