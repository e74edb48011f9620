import type { Histogram } from 'prom-client';

interface Snapshot {
  at: number;
  /** Cumulative count per upper bound, summed over every label set (all routes). */
  buckets: Map<number, number>;
  count: number;
}

/**
 * Quantiles of a Prometheus histogram over a sliding window, computed the way
 * `histogram_quantile(q, sum(rate(h_bucket[w])))` does: from the difference of two
 * cumulative snapshots, interpolating linearly inside the bucket.
 */
export class LatencyWindow {
  readonly #snapshots: Snapshot[] = [];

  constructor(
    private readonly histogram: Histogram<string>,
    private readonly windowMs: number,
  ) {}

  async sample(now = Date.now()): Promise<void> {
    const data = await this.histogram.get();
    const buckets = new Map<number, number>();
    let count = 0;
    for (const v of data.values) {
      if (v.metricName?.endsWith('_bucket')) {
        const le = v.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(v.labels.le);
        buckets.set(le, (buckets.get(le) ?? 0) + v.value);
      } else if (v.metricName?.endsWith('_count')) count += v.value;
    }
    this.#snapshots.push({ at: now, buckets, count });
    while (this.#snapshots.length > 2 && (this.#snapshots[1]?.at ?? now) <= now - this.windowMs)
      this.#snapshots.shift();
  }

  /** The q-quantile in seconds over the window, and how many requests it saw. */
  quantile(q: number): { value: number; count: number } | undefined {
    const first = this.#snapshots[0];
    const last = this.#snapshots[this.#snapshots.length - 1];
    if (!first || !last || first === last) return undefined;
    const total = last.count - first.count;
    if (total <= 0) return { value: 0, count: 0 };
    const bounds = [...last.buckets.keys()].sort((a, b) => a - b);
    const rank = q * total;
    let prevBound = 0;
    let prevCount = 0;
    for (const b of bounds) {
      const c = (last.buckets.get(b) ?? 0) - (first.buckets.get(b) ?? 0);
      if (c >= rank) {
        if (!Number.isFinite(b)) return { value: prevBound, count: total };
        const inBucket = c - prevCount;
        const value = inBucket > 0 ? prevBound + ((b - prevBound) * (rank - prevCount)) / inBucket : b;
        return { value, count: total };
      }
      prevBound = b;
      prevCount = c;
    }
    return { value: prevBound, count: total };
  }
}
