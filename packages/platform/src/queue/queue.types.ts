import type { Tx } from '../db/database';
import type { PriorityLevel } from './priority.policy';

export interface QueueSendOptions {
  priority?: PriorityLevel;
  /** Not before this time (a reminder); aging counts from here. */
  startAfter?: Date;
  /** Idempotency: one job per (queue, key) while pg-boss retains it; the key also cancels it. */
  singletonKey?: string;
  /** Enqueue inside this transaction of the service's database (commits with it). */
  tx?: Tx;
}

export interface QueueWorkOptions {
  /** Jobs of this queue run at once in this process. */
  concurrency?: number;
  /**
   * Jobs each lane but the first fetches at once (default 1), run one after another and completed
   * in one statement: fewer statements per job where many small jobs queue up (decision 0140).
   * Such a lane holds its batch while it runs it, so a job more urgent than the batch is left to
   * the first lane, which always takes one job at a time.
   */
  batchSize?: number;
}

/** Retries with exponential backoff, then the dead-letter queue `<name>.dead`. */
export interface QueueRetryOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryDelayMaxSeconds?: number;
  /** A job running longer than this is presumed lost (its process died) and retried. */
  expireInSeconds?: number;
}

export interface QueueJob<T> {
  id: string;
  name: string;
  data: T;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Retries allowed: the attempt with `retryCount === retryLimit` is the last before the dead letters. */
  retryLimit: number;
  priority: PriorityLevel;
  /** When the job became runnable: sent, or its startAfter. */
  runnableAt: Date;
}

export type QueueHandler<T> = (job: QueueJob<T>) => Promise<void>;

/** A job that failed every attempt, as operators see it. */
export interface DeadLetter {
  id: string;
  service: string;
  queue: string;
  originalId: string | null;
  data: unknown;
  error: string | null;
  attempts: number;
  createdAt: string;
  deadAt: string;
}

/** A job as stored: its state in pg-boss and what it was sent with. */
export interface QueuedJob {
  id: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  level: PriorityLevel;
  runnableAt: Date;
  data: unknown;
  retryCount: number;
}
