/**
 * When a webhook delivery that got no 2xx is tried again, like Stripe's exponential backoff
 * (compressed: 0.5 s, 2 s, 8 s, 32 s, ~2 min, ~8.5 min, then every 30 min), and when to give up.
 */
export class DeliveryBackoffPolicy {
  constructor(
    readonly maxAttempts = 16,
    private readonly baseMs = 500,
    private readonly capMs = 30 * 60_000,
  ) {}

  /** Delay before the next attempt after `attempts` failed ones; undefined means give up. */
  nextDelayMs(attempts: number): number | undefined {
    if (attempts >= this.maxAttempts) return undefined;
    return Math.min(this.capMs, this.baseMs * 4 ** Math.max(0, attempts - 1));
  }
}
