import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { EventContract } from '../contracts/event-contract';
import type { Database, Tx } from '../db/database';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { traced } from '../observability/tracing';
import { on } from '../transport/consumer';
import type { EventBus } from '../transport/event-bus';
import { SagaCompensator } from './saga.compensator';
import {
  type SagaDefinition,
  type SagaState,
  SagaStepFailed,
  type StepContext,
  type StepReplies,
} from './saga.definition';
import { type SagaInstance, type SagaLogLine, type SagaRow, type SagaStatus, SagaStore } from './saga.store';
import { SagaTimekeeper } from './saga.timekeeper';

export type { SagaInstance, SagaLogEntry, SagaStatus } from './saga.store';

/**
 * Durable orchestration: saga state lives in the service's database and moves only inside
 * transactions (a local step, a reply, a timeout), so a crash at any point resumes from the
 * last commit. Compensations run in reverse order (SagaCompensator); the timekeeper handles
 * deadlines and retries undos that threw (SagaTimekeeper); SagaStore reads for operators.
 */
export class SagaOrchestrator {
  readonly #defs = new Map<string, SagaDefinition<never>>();
  readonly #store: SagaStore;
  readonly #compensator: SagaCompensator;
  readonly #timekeeper: SagaTimekeeper;

  constructor(
    private readonly service: string,
    db: Database,
    private readonly bus: EventBus,
    log: Logger,
    private readonly metrics?: Metrics,
    tickMs = 200,
  ) {
    this.#store = new SagaStore(db, this.#defs);
    this.#compensator = new SagaCompensator(this.#store, (tx, name, id) => this.#ctx(tx, name, id), metrics);
    this.#timekeeper = new SagaTimekeeper(db, this.#defs, this.#compensator, log, tickMs);
  }

  register<S extends SagaState>(def: SagaDefinition<S>): void {
    this.#defs.set(def.name, def as unknown as SagaDefinition<never>);
    const replies = new Map<string, { contract: EventContract; owner: StepReplies<S>['owner'] }>();
    for (const s of def.steps) {
      if (s.replies) {
        const owner = s.replies.owner;
        replies.set(s.replies.success.topic, { contract: s.replies.success, owner });
        replies.set(s.replies.failure.topic, { contract: s.replies.failure, owner });
      }
    }
    if (replies.size === 0) return;
    this.bus.subscribe({
      group: `${this.service}.saga.${def.name}`,
      handlers: [...replies.values()].map(({ contract, owner }) =>
        on(contract, (data, event, tx) => this.#onReply(def.name, data, event, tx), {
          ...(owner ? { mine: (event: CloudEvent) => isFor(def.name, owner, event.data) } : {}),
        }),
      ),
    });
  }

  /**
   * Starts a saga inside the caller's transaction and runs its leading local steps there; a
   * first step marked `byCaller` is that transaction's own work, logged as done.
   */
  async start<S extends SagaState>(tx: Tx, name: string, id: string, state: S): Promise<SagaStatus> {
    const def = this.#def(name);
    return traced(
      `saga.start ${name}`,
      async () => {
        await sql`INSERT INTO coordina_sagas (id, name, status, step, state)
          VALUES (${id}, ${name}, 'RUNNING', 0, ${JSON.stringify(state)}::jsonb)`.execute(tx);
        return this.#advance(tx, def, id, state, 0, [['start', 'started', null]]);
      },
      { attributes: { 'saga.name': name, 'saga.id': id } },
    );
  }

  startTimekeeper(): void {
    this.#timekeeper.start();
  }

  async stop(): Promise<void> {
    await this.#timekeeper.stop();
  }

  list(filter: { status?: string; name?: string; limit?: number } = {}): Promise<SagaInstance[]> {
    return this.#store.list(filter);
  }

  get(id: string): Promise<SagaInstance | undefined> {
    return this.#store.get(id);
  }

  /** Hands a PARKED saga back to the timekeeper; false when there is no such parked saga. */
  async retry(id: string): Promise<boolean> {
    const retried = await this.#store.retry(id);
    // Due now: the timekeeper takes it at once, not at its next idle poll (decision 0122).
    if (retried) this.#timekeeper.wakeIn(0);
    return retried;
  }

  /** Gives up on a PARKED saga's remaining undos; false when there is no such parked saga. */
  discard(id: string): Promise<boolean> {
    return this.#store.discard(id);
  }

  #def(name: string): SagaDefinition<SagaState> {
    const def = this.#defs.get(name);
    if (!def) throw new Error(`unknown saga ${name}`);
    return def as unknown as SagaDefinition<SagaState>;
  }

  #ctx(tx: Tx, sagaName: string, sagaId: string): StepContext {
    return {
      sagaId,
      sagaName,
      tx,
      publish: async (contract, data) => {
        await this.bus.publish(tx, contract, data);
      },
    };
  }

  /**
   * Runs steps from `from` until one waits for a reply or the saga completes. The log entries of
   * the transition (`pending`, then each step's) are written with the saga's row, in one
   * statement (decision 0095).
   */
  async #advance(
    tx: Tx,
    def: SagaDefinition<SagaState>,
    id: string,
    state: SagaState,
    from: number,
    pending: SagaLogLine[],
  ): Promise<SagaStatus> {
    let current = state;
    for (let i = from; i < def.steps.length; i++) {
      const step = def.steps[i];
      if (!step) break;
      if (step.byCaller) {
        pending.push([step.name, 'done', 'by the caller']);
        continue;
      }
      const ctx = this.#ctx(tx, def.name, id);
      const attributes = { 'saga.name': def.name, 'saga.id': id, 'saga.step': step.name };
      try {
        // Never released (decision 0099): the transaction's end releases it, one round trip
        // less per step. A later step's SAVEPOINT of the same name nests inside and shadows it,
        // so the ROLLBACK TO below undoes the failing step alone, never an earlier one.
        await sql`SAVEPOINT saga_step`.execute(tx);
        if (step.run) {
          const run = step.run;
          const patch = await traced(`saga.step ${def.name}.${step.name}`, () => run(current, ctx), { attributes });
          current = { ...current, ...(patch ?? {}) };
          pending.push([step.name, 'done', null]);
          continue;
        }
        await traced(`saga.step ${def.name}.${step.name}`, async () => step.command?.(current, ctx), { attributes });
        const timeoutMs = step.timeoutMs ?? 60_000;
        const deadline = new Date(Date.now() + timeoutMs);
        await this.#store.transition(
          tx,
          id,
          sql`step = ${i}, state = ${JSON.stringify(current)}::jsonb, deadline = ${deadline}, updated_at = now()`,
          [...pending, [step.name, 'command-sent', null]],
        );
        this.#timekeeper.wakeIn(timeoutMs);
        return 'RUNNING';
      } catch (err) {
        if (!(err instanceof SagaStepFailed)) throw err;
        await sql`ROLLBACK TO SAVEPOINT saga_step`.execute(tx);
        await this.#store.transition(tx, id, sql`step = ${i}, state = ${JSON.stringify(current)}::jsonb`, pending);
        const failure = { step: step.name, kind: err.kind, reason: err.reason };
        return this.#turnedAround(await this.#compensator.fail(tx, def, id, current, failure, i - 1));
      }
    }
    return traced(
      `saga.end ${def.name}`,
      async () => {
        await this.#store.transition(
          tx,
          id,
          sql`status = 'COMPLETED', step = ${def.steps.length}, state = ${JSON.stringify(current)}::jsonb,
            deadline = NULL, updated_at = now()`,
          [...pending, ['end', 'completed', null]],
        );
        await def.onCompleted?.(current, this.#ctx(tx, def.name, id));
        this.metrics?.sagas.inc({ saga: def.name, status: 'COMPLETED' });
        return 'COMPLETED' as const;
      },
      { attributes: { 'saga.name': def.name, 'saga.id': id, 'saga.status': 'COMPLETED' } },
    );
  }

  #onReply(name: string, data: unknown, event: CloudEvent, tx: Tx): Promise<void> {
    return traced(`saga.reply ${name}`, () => this.#reply(name, data, event, tx), {
      attributes: { 'saga.name': name, 'saga.reply': event.type },
    });
  }

  async #reply(name: string, data: unknown, event: CloudEvent, tx: Tx): Promise<void> {
    const def = this.#def(name);
    const replyStep = def.steps.find(
      (s) => s.replies && (s.replies.success.topic === event.type || s.replies.failure.topic === event.type),
    );
    if (!replyStep?.replies) return;
    const sagaId = replyStep.replies.correlate(data as never);
    const r =
      await sql<SagaRow>`SELECT * FROM coordina_sagas WHERE id = ${sagaId} AND name = ${name} FOR UPDATE`.execute(tx);
    const row = r.rows[0];
    const step = row ? def.steps[row.step] : undefined;
    // A late or duplicate reply (saga already moved on, or timed out) changes nothing.
    if (row?.status !== 'RUNNING' || step !== replyStep || !step.replies) {
      if (row) await this.#store.log(tx, row.id, replyStep.name, 'reply-ignored', event.type);
      return;
    }
    if (event.type === step.replies.success.topic) {
      const patch = step.replies.onSuccess?.(row.state, data as never) ?? {};
      await this.#advance(tx, def, row.id, { ...row.state, ...patch }, row.step + 1, [[step.name, 'done', event.type]]);
    } else {
      const reason = step.replies.reason?.(data as never) ?? event.type;
      await this.#store.log(tx, row.id, step.name, 'failed', reason);
      const failure = { step: step.name, kind: 'declined' as const, reason };
      await traced(`saga.compensate ${name}`, async () =>
        this.#turnedAround(await this.#compensator.fail(tx, def, row.id, row.state, failure, row.step - 1)),
      );
    }
  }

  /** An undo that threw waits for its retry's deadline: the timekeeper is told (decision 0122). */
  #turnedAround(status: SagaStatus): SagaStatus {
    if (status === 'COMPENSATING') this.#timekeeper.wakeIn(0);
    return status;
  }
}

/**
 * Whether a reply is for saga `name` (decision 0117): true unless it names another saga. Data
 * that is not an object, or a name that is not a string, count as "for it": the handler then
 * validates the event as before.
 */
function isFor(name: string, owner: (data: never) => string | undefined, data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return true;
  const asker = owner(data as never);
  return typeof asker !== 'string' || asker === name;
}
