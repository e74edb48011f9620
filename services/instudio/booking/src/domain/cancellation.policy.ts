/** A client's cancellation: free (refunded) up to `windowHours` before the start, unrefunded later. */
export class CancellationPolicy {
  constructor(private readonly windowHours: number) {}

  refunds(start: Date, now: Date): boolean {
    return start.getTime() - now.getTime() > this.windowHours * 3_600_000;
  }
}
