/**
 * Account lockout: `maxFailures` failed logins within `windowMs` lock the account until the
 * oldest of those failures leaves the window. A successful login starts the count afresh.
 */
export class LockoutPolicy {
  constructor(
    readonly maxFailures = 5,
    readonly windowMs = 5 * 60_000,
  ) {}

  /** Start of the window in which failures count. */
  windowStart(now: Date): Date {
    return new Date(now.getTime() - this.windowMs);
  }

  /**
   * Given the times of the failures since the window start (and since the last success),
   * newest first, returns when the lock ends, or undefined when the account is not locked.
   */
  lockedUntil(recentFailures: readonly Date[], now: Date): Date | undefined {
    if (recentFailures.length < this.maxFailures) return undefined;
    const deciding = recentFailures[this.maxFailures - 1];
    if (!deciding) return undefined;
    const until = new Date(deciding.getTime() + this.windowMs);
    return until > now ? until : undefined;
  }
}
