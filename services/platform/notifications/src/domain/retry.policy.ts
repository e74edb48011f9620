/** How often an email is tried, and how long to wait between tries (doubling, capped). */
export class RetryPolicy {
  constructor(
    readonly maxAttempts = 5,
    readonly baseSeconds = 2,
    readonly maxSeconds = 300,
  ) {}

  /** Seconds to wait after the given (1-based) failed attempt, or undefined when it was the last. */
  delayAfter(attempt: number): number | undefined {
    if (attempt >= this.maxAttempts) return undefined;
    return Math.min(this.maxSeconds, this.baseSeconds * 2 ** (attempt - 1));
  }
}
