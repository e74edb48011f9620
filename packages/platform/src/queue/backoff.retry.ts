import type { QueueRetryOptions } from './queue.types';

/** A queue's retries told as attempts: how many, how far apart, and when a running one is lost. */
export interface Backoff {
  /** Attempts in all, the first included, before the job goes to the dead letters. */
  readonly attempts: number;
  /** The wait after the first failure; it doubles after each (pg-boss adds jitter). */
  readonly firstDelaySeconds: number;
  /** The longest wait between two attempts. */
  readonly maxDelaySeconds: number;
  /** An attempt still running after this long is presumed lost (its process died) and counts as failed. */
  readonly hungAfterSeconds: number;
}

/**
 * The queue retry options of an exponential backoff. After the last attempt the job goes to
 * the dead letters (`/api/ops/dead-letters`), where an operator can retry it.
 */
export function backoffRetry(b: Backoff): QueueRetryOptions {
  if (!Number.isInteger(b.attempts) || b.attempts < 1)
    throw new Error(`attempts must be a whole number ≥ 1: ${b.attempts}`);
  return {
    retryLimit: b.attempts - 1,
    retryDelaySeconds: b.firstDelaySeconds,
    retryDelayMaxSeconds: b.maxDelaySeconds,
    expireInSeconds: b.hungAfterSeconds,
  };
}
