/** How soon a job should run: work due soon (a reminder before an appointment) is urgent, bulk work is low. */
export const PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'] as const;
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];

const RANK: Record<PriorityLevel, number> = { urgent: 3, high: 2, normal: 1, low: 0 };
/** Priorities count seconds from here, so they fit PostgreSQL's int for the next 68 years. */
const EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * Maps a level and the moment a job becomes runnable to pg-boss's integer priority
 * (higher runs first), with aging built in: priority = rank × step − seconds since the epoch.
 *
 * All jobs are compared at the same instant, so "rank × step + seconds waited" orders them
 * exactly like "rank × step − seconds since the epoch at which they became runnable": a
 * static number that needs no periodic update. Waiting `stepSeconds` is worth one level,
 * so nothing starves; jobs of one level runnable in the same second tie and pg-boss
 * breaks the tie by creation time (FIFO). See docs/decisions/0006-priority-queue.md.
 */
export class PriorityPolicy {
  constructor(readonly stepSeconds = 900) {
    if (!Number.isInteger(stepSeconds) || stepSeconds < 1) throw new Error('stepSeconds must be a positive integer');
  }

  priority(level: PriorityLevel, runnableAt: Date): number {
    return RANK[level] * this.stepSeconds - Math.floor((runnableAt.getTime() - EPOCH_MS) / 1000);
  }

  /** The level a priority was sent with, given when the job became runnable. */
  levelOf(priority: number, runnableAt: Date): PriorityLevel {
    const rank = Math.round((priority + Math.floor((runnableAt.getTime() - EPOCH_MS) / 1000)) / this.stepSeconds);
    return PRIORITY_LEVELS.find((l) => RANK[l] === rank) ?? 'low';
  }
}
