/**
 * Estimated wait of a waitlisted purchase: position × seconds per release, where seconds per
 * release = the window (900 s) / the event's releases in that window (purchases that ended
 * without tickets or were promoted). With no recent release it falls back to the hold timeout:
 * a reserved purchase that does not pay frees its seats then.
 */
export class WaitEstimateRules {
  static readonly WINDOW_SECONDS = 900;

  constructor(private readonly holdSeconds: number) {}

  estimate(position: number, recentReleases: number): number {
    const perRelease =
      recentReleases > 0
        ? Math.min(this.holdSeconds, WaitEstimateRules.WINDOW_SECONDS / recentReleases)
        : this.holdSeconds;
    return Math.ceil(position * perRelease);
  }
}
