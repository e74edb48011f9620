import { type RawBuilder, sql } from 'kysely';
import type { Database, Tx } from '../db/database';
import type { SagaDefinition, SagaState } from './saga.definition';
import { describeSagaFailure, type SagaFailure } from './saga-failure';

/**
 * RUNNING → COMPLETED, or RUNNING → COMPENSATING → COMPENSATED. A saga whose undo (or timeout
 * handling) keeps throwing is PARKED after its retry policy's attempts; an operator retries it
 * (back to RUNNING or COMPENSATING) or discards it (DISCARDED: its remaining undos never run).
 */
export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'PARKED' | 'DISCARDED';

export const SAGA_STATUSES: readonly SagaStatus[] = [
  'RUNNING',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'PARKED',
  'DISCARDED',
];

/** A log entry not written yet: step, action, detail. */
export type SagaLogLine = readonly [step: string, action: string, detail: string | null];

export interface SagaLogEntry {
  step: string;
  action: string;
  detail: string | null;
  at: string;
}

export interface SagaInstance {
  id: string;
  name: string;
  status: SagaStatus;
  step: number;
  stepName: string | null;
  state: SagaState;
  /** The failure in one line (`AuthorizePayment: timed out`), for people. */
  failure: string | null;
  /** The same failure as data: code reads this. */
  cause: SagaFailure | null;
  /** Failed attempts of the timekeeper at the current phase (an undo that threw, say). */
  attempts: number;
  lastError: string | null;
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
  log?: SagaLogEntry[];
}

/** A row of coordina_sagas. While COMPENSATING, `undo_step` is the next step whose undo is due. */
export interface SagaRow {
  id: string;
  name: string;
  status: SagaStatus;
  step: number;
  state: SagaState;
  failure: SagaFailure | null;
  undo_step: number | null;
  attempts: number;
  last_error: string | null;
  deadline: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The saga tables: reads for the ops API, the step log, and the operator's retry and discard. */
export class SagaStore {
  constructor(
    private readonly db: Database,
    private readonly defs: ReadonlyMap<string, SagaDefinition<never>>,
  ) {}

  async list(filter: { status?: string; name?: string; limit?: number } = {}): Promise<SagaInstance[]> {
    const r = await sql<SagaRow>`SELECT * FROM coordina_sagas WHERE true
      ${filter.status ? sql`AND status = ${filter.status}` : sql``}
      ${filter.name ? sql`AND name = ${filter.name}` : sql``}
      ORDER BY created_at DESC LIMIT ${filter.limit ?? 100}`.execute(this.db.db);
    return r.rows.map((row) => this.#toInstance(row));
  }

  async get(id: string): Promise<SagaInstance | undefined> {
    const r = await sql<SagaRow>`SELECT * FROM coordina_sagas WHERE id = ${id}`.execute(this.db.db);
    const row = r.rows[0];
    if (!row) return undefined;
    const log = await sql<{ step: string; action: string; detail: string | null; at: Date }>`
      SELECT step, action, detail, at FROM coordina_saga_log WHERE saga_id = ${id} ORDER BY seq`.execute(this.db.db);
    return {
      ...this.#toInstance(row),
      log: log.rows.map((l) => ({ ...l, at: new Date(l.at).toISOString() })),
    };
  }

  /**
   * Puts a PARKED saga back in the timekeeper's hands, due now, its attempts counted afresh:
   * COMPENSATING when it had failed (its undos resume where they stopped), otherwise RUNNING
   * (its timeout is handled again). False when it is not parked.
   */
  async retry(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await sql`UPDATE coordina_sagas
        SET status = CASE WHEN failure IS NULL THEN 'RUNNING' ELSE 'COMPENSATING' END,
          attempts = 0, deadline = now(), updated_at = now()
        WHERE id = ${id} AND status = 'PARKED' RETURNING id`.execute(tx);
      if (r.rows.length === 0) return false;
      await this.log(tx, id, 'ops', 'retried', null);
      return true;
    });
  }

  /** Gives up on a PARKED saga: its remaining undos never run (an operator settled them by hand). */
  async discard(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await sql`UPDATE coordina_sagas SET status = 'DISCARDED', deadline = NULL, updated_at = now()
        WHERE id = ${id} AND status = 'PARKED' RETURNING id`.execute(tx);
      if (r.rows.length === 0) return false;
      await this.log(tx, id, 'ops', 'discarded', null);
      return true;
    });
  }

  /**
   * Updates a saga's row (`set`: the SET list) and appends `entries` to its log, in their order,
   * with ONE statement (decision 0095): a transition's log entries travel with its row.
   */
  async transition(tx: Tx, id: string, set: RawBuilder<unknown>, entries: readonly SagaLogLine[]): Promise<void> {
    await sql`WITH updated AS (UPDATE coordina_sagas SET ${set} WHERE id = ${id} RETURNING id),
      logged AS (INSERT INTO coordina_saga_log (saga_id, step, action, detail)
        SELECT ${id}, t.step, t.action, t.detail
        FROM unnest(${entries.map((e) => e[0])}::text[], ${entries.map((e) => e[1])}::text[], ${entries.map((e) => e[2])}::text[])
          WITH ORDINALITY AS t(step, action, detail, ord)
        ORDER BY t.ord)
      SELECT count(*) FROM updated`.execute(tx);
  }

  async log(tx: Tx, id: string, step: string, action: string, detail: string | null): Promise<void> {
    await sql`INSERT INTO coordina_saga_log (saga_id, step, action, detail) VALUES (${id}, ${step}, ${action}, ${detail})`.execute(
      tx,
    );
  }

  #toInstance(row: SagaRow): SagaInstance {
    const def = this.defs.get(row.name);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      step: row.step,
      stepName: def?.steps[row.step]?.name ?? null,
      state: row.state,
      failure: row.failure ? describeSagaFailure(row.failure) : null,
      cause: row.failure,
      attempts: row.attempts,
      lastError: row.last_error,
      deadline: row.deadline ? new Date(row.deadline).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
