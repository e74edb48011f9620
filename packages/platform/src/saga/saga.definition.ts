import type { EventContract, EventData } from '../contracts/event-contract';
import type { Tx } from '../db/database';
import type { SagaFailure, SagaFailureKind } from './saga-failure';

export type SagaState = Record<string, unknown>;

/** Tools a step gets: the saga's id and the bus, bound to the orchestrator's transaction. */
export interface StepContext {
  readonly sagaId: string;
  /** The saga's name (its definition's), for a command that names the saga asking (decision 0117). */
  readonly sagaName: string;
  readonly tx: Tx;
  publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<void>;
}

/** A remote step's reply contracts; `correlate` reads the saga id a reply carries. */
export interface StepReplies<S extends SagaState> {
  readonly success: EventContract;
  readonly failure: EventContract;
  readonly correlate: (data: never) => string;
  /**
   * The name of the saga a reply answers, when the reply carries it (decision 0117): a reply
   * naming another saga is skipped by this saga's reply group before any transaction. Undefined
   * (an old reply, or a reply that names no saga): the saga looks for its row as before. Reads
   * the event's data before validation.
   */
  readonly owner?: (data: never) => string | undefined;
  readonly onSuccess?: (state: S, data: never) => Partial<S>;
  /** The failure reply's reason (the saga fails with kind `declined`); the topic when absent. */
  readonly reason?: (data: never) => string;
}

/**
 * A compensation, a step of its own: named (`ReleaseSlot` for `HoldSlot`), logged in the step
 * log, run in reverse order inside a savepoint and retried by the timekeeper when it throws
 * (the saga is parked after `retry.maxAttempts` failed attempts). It must be idempotent.
 */
export interface SagaUndo<S extends SagaState> {
  readonly name: string;
  readonly run: (state: S, ctx: StepContext, failure: SagaFailure) => Promise<void>;
}

/**
 * One forward step, of one of three kinds:
 * - done by the caller (`byCaller`): only the first step; the transaction that starts the saga
 *   already did it (inserted the HELD row), so the saga starts past it;
 * - local (`run`, inside the orchestrator's transaction);
 * - remote (`command` published through the outbox, then `replies` awaited until `timeoutMs`).
 * Its `undo` is registered before the step runs.
 */
export interface SagaStep<S extends SagaState> {
  readonly name: string;
  readonly undo?: SagaUndo<S>;
  readonly byCaller?: true;
  readonly run?: (state: S, ctx: StepContext) => Promise<Partial<S> | undefined>;
  readonly command?: (state: S, ctx: StepContext) => Promise<void>;
  readonly replies?: StepReplies<S>;
  readonly timeoutMs?: number;
}

/** How often the timekeeper tries a saga whose undo (or timeout handling) throws before parking it. */
export interface SagaRetryPolicy {
  /** Failed attempts before the saga is PARKED for an operator (default 8). */
  readonly maxAttempts?: number;
  /** Wait before the second attempt, doubled for each next one up to 5 minutes (default 1 s). */
  readonly delayMs?: number;
}

export interface SagaDefinition<S extends SagaState = SagaState> {
  readonly name: string;
  readonly steps: readonly SagaStep<S>[];
  readonly retry?: SagaRetryPolicy;
  readonly onCompleted?: (state: S, ctx: StepContext) => Promise<void>;
  readonly onCompensated?: (state: S, ctx: StepContext, failure: SagaFailure) => Promise<void>;
}

export function defineSaga<S extends SagaState>(definition: SagaDefinition<S>): SagaDefinition<S> {
  definition.steps.forEach((s, i) => {
    const kinds = [s.byCaller, s.run, s.command].filter(Boolean).length;
    if (kinds !== 1)
      throw new Error(`saga ${definition.name}: step ${s.name} needs exactly one of byCaller, run, command`);
    if (s.byCaller && i !== 0)
      throw new Error(`saga ${definition.name}: only the first step can be done by the caller`);
    if (s.command && !s.replies)
      throw new Error(`saga ${definition.name}: step ${s.name} sends a command without replies`);
  });
  return definition;
}

/** Thrown by a step to fail the saga (compensate) with a business reason; kind `rejected` unless told. */
export class SagaStepFailed extends Error {
  constructor(
    readonly reason: string,
    readonly kind: SagaFailureKind = 'rejected',
  ) {
    super(reason);
    this.name = 'SagaStepFailed';
  }
}
