/**
 * Why a step failed, as the orchestrator saw it:
 * - `declined`: the remote participant answered with the step's failure reply (a card declined);
 * - `timeout`: no reply came before the step's deadline (the effect may still land late);
 * - `rejected`: the step itself refused to go on (`SagaStepFailed` from `run` or `command`).
 */
export type SagaFailureKind = 'declined' | 'timeout' | 'rejected';

export const SAGA_FAILURE_KINDS: readonly SagaFailureKind[] = ['declined', 'timeout', 'rejected'];

/** The failure that turned a saga around; stored as jsonb and handed to every undo. */
export interface SagaFailure {
  /** The forward step that failed (its `name`). */
  readonly step: string;
  readonly kind: SagaFailureKind;
  /** The participant's or the step's own words (`timed out` for a timeout). */
  readonly reason: string;
}

/** One line for people (logs, the ops API); code reads the fields, never this text. */
export function describeSagaFailure(f: SagaFailure): string {
  return `${f.step}: ${f.reason}`;
}
