import { sql } from 'kysely';
import { type Database, isDatabaseUnavailable, type Tx } from '../db/database';
import type { Logger } from '../observability/logger';
import { PollingWorker } from '../runtime/polling.worker';
import type { SagaCompensator } from './saga.compensator';
import type { SagaDefinition, SagaState } from './saga.definition';
import type { SagaRow } from './saga.store';

/**
 * Moves sagas whose deadline passed, one per transaction, earliest first: a RUNNING saga's
 * waiting step timed out (its own undo runs too, since its effect may land late); a
 * COMPENSATING saga's undos resume where one threw. A saga whose handling throws counts a
 * failed attempt and waits (backoff) before the next, so it never holds up other sagas'
 * deadlines; after its policy's attempts it is PARKED for an operator. A database outage is
 * nobody's failed attempt: the round fails and the timekeeper backs off until the database is
 * back. It runs on a PollingWorker. When nothing is due it naps until the earliest deadline
 * it knows of (never less than `tickMs`, never more than `idleMs`); a deadline set in this
 * process meanwhile wakes it (`wakeIn`), one set elsewhere is found within `idleMs`.
 */
/** The longest nap: how soon a deadline set by another process is found at the latest. */
const IDLE_MS = 5000;
/**
 * The nap when no saga is running or compensating at all (decision 0122): whatever this process
 * starts or turns around wakes it; this bounds how late a saga left by another process is met.
 */
const EMPTY_IDLE_MS = 30_000;
/** A wake for a deadline set in a transaction comes this much after it, by when it has likely committed. */
const AFTER_COMMIT_MS = 25;

/** How far away the earliest deadline is, if any. */
type Next = { ms: number | null };

export class SagaTimekeeper {
  readonly #worker: PollingWorker;
  /** The last round found no saga running or compensating. */
  #empty = false;
  readonly #idleMs: number;

  constructor(
    private readonly db: Database,
    private readonly defs: ReadonlyMap<string, SagaDefinition<never>>,
    private readonly compensator: SagaCompensator,
    private readonly log: Logger,
    private readonly tickMs: number,
    idleMs = IDLE_MS,
  ) {
    this.#idleMs = idleMs;
    this.#worker = new PollingWorker({
      name: 'saga timekeeper',
      log,
      idleMs: () => (this.#empty ? Math.max(idleMs, EMPTY_IDLE_MS) : idleMs),
      failure: { baseMs: tickMs, maxMs: Math.max(tickMs, 5000) },
      poll: () => this.#handleOne(),
      onError: (err) => this.log.warn({ err }, 'saga timekeeper failed; retrying'),
    });
  }

  start(): void {
    this.#worker.start();
  }

  async stop(): Promise<void> {
    await this.#worker.stop();
  }

  /** A deadline `ms` from now was set in this process (its transaction commits just after). */
  wakeIn(ms: number): void {
    const at = Math.max(this.tickMs, ms + AFTER_COMMIT_MS);
    // From the long nap: back to the usual bound at once, so a deadline moved meanwhile is met as before.
    this.#worker.wakeIn(this.#empty ? Math.min(at, this.#idleMs) : at);
    this.#empty = false;
  }

  /** Handles the most overdue saga; false when none is due. */
  async #handleOne(): Promise<boolean> {
    // First, outside a transaction: when nothing is due, which is nearly always, a round is this
    // one statement (no BEGIN and COMMIT around it), and it naps until the next deadline.
    const next = await sql<Next>`SELECT (extract(epoch FROM min(deadline) - now()) * 1000)::float8 AS ms
      FROM coordina_sagas WHERE status IN ('RUNNING', 'COMPENSATING')`.execute(this.db.db);
    const ms = next.rows[0]?.ms;
    this.#empty = ms === null || ms === undefined;
    if (ms === null || ms === undefined) return false;
    if (ms > 0) {
      this.#worker.wakeIn(Math.max(this.tickMs, ms));
      return false;
    }
    let claimed: SagaRow | undefined;
    try {
      return await this.db.transaction(async (tx) => {
        const r = await sql<SagaRow>`SELECT * FROM coordina_sagas
          WHERE status IN ('RUNNING', 'COMPENSATING') AND deadline <= now()
          ORDER BY deadline LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
        claimed = r.rows[0];
        if (!claimed) {
          // Due but locked by another instance (or just handled): retried after tickMs.
          this.#worker.wakeIn(this.tickMs);
          return false;
        }
        await this.#handle(tx, claimed);
        return true;
      });
    } catch (err) {
      // Not the saga's fault when the database is away: nothing is counted, the round fails.
      if (!claimed || isDatabaseUnavailable(err)) throw err;
      await this.#failedAttempt(claimed, err);
      return true;
    }
  }

  async #handle(tx: Tx, row: SagaRow): Promise<void> {
    const def = this.defs.get(row.name) as SagaDefinition<SagaState> | undefined;
    if (!def) throw new Error(`saga ${row.name} is not registered in this service`);
    if (row.status === 'RUNNING') {
      const step = def.steps[row.step]?.name ?? `step ${row.step}`;
      await this.compensator.store.log(tx, row.id, step, 'timed-out', null);
      await this.compensator.fail(tx, def, row.id, row.state, { step, kind: 'timeout', reason: 'timed out' }, row.step);
      return;
    }
    if (!row.failure) throw new Error('a compensating saga has no failure recorded');
    await this.compensator.unwind(tx, def, {
      id: row.id,
      state: row.state,
      failure: row.failure,
      undoStep: row.undo_step ?? -1,
      attempts: row.attempts,
    });
  }

  /** The handling threw and rolled back: count it on the row, in a transaction of its own. */
  async #failedAttempt(row: SagaRow, err: unknown): Promise<void> {
    this.log.warn({ err, sagaId: row.id, saga: row.name }, 'saga timekeeper could not handle a saga; will retry it');
    await this.db.transaction(async (tx) => {
      const r = await sql<{ attempts: number }>`SELECT attempts FROM coordina_sagas
        WHERE id = ${row.id} AND status IN ('RUNNING', 'COMPENSATING') FOR UPDATE`.execute(tx);
      const current = r.rows[0];
      if (!current) return;
      const def = this.defs.get(row.name) ?? { name: row.name };
      const step = this.defs.get(row.name)?.steps[row.step]?.name ?? `step ${row.step}`;
      await this.compensator.failedAttempt(tx, def, row.id, current.attempts, err, step);
    });
  }
}
