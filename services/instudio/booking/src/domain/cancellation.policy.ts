/** A client's cancellation: free (refunded) up to `windowHours` before the start, unrefunded later. */
export class CancellationPolicy {
  constructor(private readonly windowHours: number) {}

  /** The last instant a cancellation is refunded (exclusive): the start less the window. */
  refundableUntil(start: Date): Date {
    return new Date(start.getTime() - this.windowHours * 3_600_000);
  }

  refunds(start: Date, now: Date): boolean {
    return now.getTime() < this.refundableUntil(start).getTime();
  }
}
