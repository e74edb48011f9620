/** At most this many attempts per charge (seed 001: payment retries at most 3 within 5 minutes). */
export const MAX_CHARGE_ATTEMPTS = 3;
/** Every attempt of a charge starts within this long of its first one. */
export const CHARGE_RETRY_WINDOW_MS = 5 * 60_000;
/** Each wait is this many times the one before. */
const BACKOFF_FACTOR = 4;

/**
 * How long to wait before the next attempt of a charge whose attempt number `attempt` (1 for
 * the first) failed transiently, or undefined when there is none: after the last attempt, or
 * when the next one would start outside the window. The waits grow: first, 4×first, ...
 */
export function nextChargeAttemptDelay(
  attempt: number,
  firstAttemptAt: Date,
  now: Date,
  firstDelayMs: number,
): number | undefined {
  if (attempt >= MAX_CHARGE_ATTEMPTS) return undefined;
  const delay = firstDelayMs * BACKOFF_FACTOR ** (attempt - 1);
  if (now.getTime() + delay - firstAttemptAt.getTime() > CHARGE_RETRY_WINDOW_MS) return undefined;
  return delay;
}
