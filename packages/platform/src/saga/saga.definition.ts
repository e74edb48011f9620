import type { EventContract, EventData } from '../contracts/event-contract';
import type { Tx } from '../db/database';

export type SagaState = Record<string, unknown>;

/** Tools a step gets: the saga's id and the bus, bound to the orchestrator's transaction. */
export interface StepContext {
  readonly sagaId: string;
  readonly tx: Tx;
  publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<void>;
}

/** A remote step's reply contracts; `correlate` reads the saga id a reply carries. */
export interface StepReplies<S extends SagaState> {
  readonly success: EventContract;
  readonly failure: EventContract;
  readonly correlate: (data: never) => string;
  readonly onSuccess?: (state: S, data: never) => Partial<S>;
  readonly reason?: (data: never) => string;
}

/**
 * One step. Either local (`run`, inside the orchestrator's transaction) or remote (`command`
 * published through the outbox, then `replies` awaited until `timeoutMs`). `undo` names the
 * compensation, which is registered before the step runs and must be idempotent.
 */
export interface SagaStep<S extends SagaState> {
  readonly name: string;
  readonly undo?: string;
  readonly run?: (state: S, ctx: StepContext) => Promise<Partial<S> | undefined>;
  readonly command?: (state: S, ctx: StepContext) => Promise<void>;
  readonly replies?: StepReplies<S>;
  readonly timeoutMs?: number;
  readonly compensate?: (state: S, ctx: StepContext, reason: string) => Promise<void>;
}

export interface SagaDefinition<S extends SagaState = SagaState> {
  readonly name: string;
  readonly steps: readonly SagaStep<S>[];
  readonly onCompleted?: (state: S, ctx: StepContext) => Promise<void>;
  readonly onCompensated?: (state: S, ctx: StepContext, reason: string) => Promise<void>;
}

export function defineSaga<S extends SagaState>(definition: SagaDefinition<S>): SagaDefinition<S> {
  for (const s of definition.steps) {
    if (!s.run && !s.command) throw new Error(`saga ${definition.name}: step ${s.name} has neither run nor command`);
    if (s.command && !s.replies)
      throw new Error(`saga ${definition.name}: step ${s.name} sends a command without replies`);
  }
  return definition;
}

/** Thrown by a step to fail the saga (compensate) with a business reason. */
export class SagaStepFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SagaStepFailed';
  }
}
