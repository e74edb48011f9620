import { sql } from 'kysely';
import type { Tx } from '../db/database';
import type { Metrics } from '../observability/metrics';
import { crashPoint } from '../runtime/crash-points';
import type { SagaDefinition, SagaRetryPolicy, SagaState, StepContext } from './saga.definition';
import type { SagaStatus, SagaStore } from './saga.store';
import { describeSagaFailure, type SagaFailure } from './saga-failure';

const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_DELAY_MS = 1000;
const MAX_DELAY_MS = 300_000;

/** The wait before the next attempt after `failed` failed ones: doubled each time, capped. */
export function retryDelayMs(policy: SagaRetryPolicy | undefined, failed: number): number {
  const base = policy?.delayMs ?? DEFAULT_DELAY_MS;
  return Math.min(base * 2 ** Math.max(0, failed - 1), MAX_DELAY_MS);
}

/** What unwinding needs of a saga row. */
export interface Unwinding {
  id: string;
  state: SagaState;
  failure: SagaFailure;
  /** The next step whose undo is due; -1 when only `onCompensated` is left. */
  undoStep: number;
  /** Failed attempts so far at this phase. */
  attempts: number;
}

/**
 * Runs the undos in reverse order inside the caller's transaction, each in its own savepoint.
 * An undo that throws is rolled back alone: the undos before it stay done, and the saga waits
 * COMPENSATING (or PARKED after the policy's attempts) for the timekeeper to try again from it.
 */
export class SagaCompensator {
  constructor(
    readonly store: SagaStore,
    private readonly ctx: (tx: Tx, sagaName: string, sagaId: string) => StepContext,
    private readonly metrics?: Metrics,
  ) {}

  /** Turns a saga around: records its failure, then undoes steps `undoFrom`..0. */
  async fail(
    tx: Tx,
    def: SagaDefinition<SagaState>,
    id: string,
    state: SagaState,
    failure: SagaFailure,
    undoFrom: number,
  ): Promise<SagaStatus> {
    await sql`UPDATE coordina_sagas SET status = 'COMPENSATING', failure = ${JSON.stringify(failure)}::jsonb,
      undo_step = ${undoFrom}, attempts = 0, last_error = NULL, deadline = now(), updated_at = now()
      WHERE id = ${id}`.execute(tx);
    return this.unwind(tx, def, { id, state, failure, undoStep: undoFrom, attempts: 0 });
  }

  async unwind(tx: Tx, def: SagaDefinition<SagaState>, u: Unwinding): Promise<SagaStatus> {
    const ctx = this.ctx(tx, def.name, u.id);
    let undone = 0;
    for (let i = u.undoStep; i >= 0; i--) {
      const undo = def.steps[i]?.undo;
      if (!undo) continue;
      if (undone++ === 1) crashPoint('saga.mid-compensation');
      const err = await this.#guarded(tx, () => undo.run(u.state, ctx, u.failure));
      if (err !== undefined) return this.#waitOrPark(tx, def, u, err, undo.name, i);
      await this.store.log(tx, u.id, undo.name, 'compensated', null);
      await sql`UPDATE coordina_sagas SET undo_step = ${i - 1} WHERE id = ${u.id}`.execute(tx);
    }
    const err = await this.#guarded(tx, async () => def.onCompensated?.(u.state, ctx, u.failure));
    if (err !== undefined) return this.#waitOrPark(tx, def, u, err, 'end', -1);
    await sql`UPDATE coordina_sagas SET status = 'COMPENSATED', undo_step = NULL, attempts = 0, deadline = NULL,
      updated_at = now() WHERE id = ${u.id}`.execute(tx);
    await this.store.log(tx, u.id, 'end', 'compensated', describeSagaFailure(u.failure));
    this.metrics?.sagas.inc({ saga: def.name, status: 'COMPENSATED' });
    return 'COMPENSATED';
  }

  /**
   * Counts one failed attempt of the timekeeper (or of an undo) and makes the saga wait before
   * the next one, so other sagas' deadlines are handled meanwhile; parks it after the last
   * (true). `undoStep` moves the compensation's cursor (undefined leaves it).
   */
  async failedAttempt(
    tx: Tx,
    def: Pick<SagaDefinition<SagaState>, 'name' | 'retry'>,
    id: string,
    before: number,
    err: unknown,
    step: string,
    undoStep?: number,
  ): Promise<boolean> {
    const attempts = before + 1;
    const parked = attempts >= (def.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    const due = new Date(Date.now() + retryDelayMs(def.retry, attempts));
    await sql`UPDATE coordina_sagas SET attempts = ${attempts}, last_error = ${message}, deadline = ${due},
      ${undoStep === undefined ? sql`` : sql`undo_step = ${undoStep},`}
      status = ${parked ? sql`'PARKED'` : sql`status`}, updated_at = now() WHERE id = ${id}`.execute(tx);
    await this.store.log(tx, id, step, 'attempt-failed', message);
    if (!parked) return false;
    await this.store.log(tx, id, step, 'parked', `after ${attempts} attempts`);
    this.metrics?.sagas.inc({ saga: def.name, status: 'PARKED' });
    return true;
  }

  async #waitOrPark(
    tx: Tx,
    def: SagaDefinition<SagaState>,
    u: Unwinding,
    err: unknown,
    step: string,
    undoStep: number,
  ): Promise<SagaStatus> {
    return (await this.failedAttempt(tx, def, u.id, u.attempts, err, step, undoStep)) ? 'PARKED' : 'COMPENSATING';
  }

  /** Runs `fn` in a savepoint; returns what it threw (after rolling it back), undefined on success. */
  async #guarded(tx: Tx, fn: () => Promise<unknown>): Promise<unknown> {
    await sql`SAVEPOINT saga_undo`.execute(tx);
    try {
      await fn();
      await sql`RELEASE SAVEPOINT saga_undo`.execute(tx);
      return undefined;
    } catch (err) {
      await sql`ROLLBACK TO SAVEPOINT saga_undo`.execute(tx);
      return err ?? new Error('undo failed');
    }
  }
}
