import type { PriorityLevel } from './priority.policy';

/** What pg-boss stores as a job's data: the payload with the level and when it became runnable. */
export interface QueueEnvelope<T = unknown> {
  level: PriorityLevel;
  runnableAt: string;
  payload: T;
  /** Traced: the context of the span that sent the job, which the job's span continues. */
  traceparent?: string;
}

export function isEnvelope(v: unknown): v is QueueEnvelope {
  return typeof v === 'object' && v !== null && 'payload' in v && 'level' in v && 'runnableAt' in v;
}
