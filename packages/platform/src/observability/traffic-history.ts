import type { Histogram } from 'prom-client';
import { LatencyWindow } from './latency-window';

/** The API's traffic over one sampling interval. */
export interface TrafficSample {
  /** When the interval ended. */
  at: string;
  /** Requests answered in the interval. */
  requests: number;
  perSecond: number;
  /** Median and 95th percentile latency over the interval (0 when nothing was answered). */
  p50Ms: number;
  p95Ms: number;
}

/**
 * The request rate and latency of this process's API over the last samples (the operations
 * console's charts): every `sampleMs` it reads the latency histogram the alert evaluator and
 * Prometheus read, through the same sliding window (`LatencyWindow`), one interval wide.
 */
export class TrafficHistory {
  readonly samples: TrafficSample[] = [];
  readonly #window: LatencyWindow;
  #last: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    histogram: Histogram<string>,
    private readonly sampleMs: number,
    /** How many samples are kept (the oldest go first). */
    private readonly keep = 120,
  ) {
    // Half an interval keeps the window at the last two snapshots however the timer drifts.
    this.#window = new LatencyWindow(histogram, sampleMs / 2);
  }

  start(): void {
    void this.sample();
    this.#timer = setInterval(() => void this.sample(), this.sampleMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async sample(now = Date.now()): Promise<TrafficSample | undefined> {
    await this.#window.sample(now);
    const since = this.#last;
    this.#last = now;
    const p95 = this.#window.quantile(0.95);
    const p50 = this.#window.quantile(0.5);
    if (since === undefined || !p95 || !p50) return undefined;
    const seconds = Math.max(0.001, (now - since) / 1000);
    const sample: TrafficSample = {
      at: new Date(now).toISOString(),
      requests: p95.count,
      perSecond: Math.round((p95.count / seconds) * 100) / 100,
      p50Ms: Math.round(p50.value * 1000),
      p95Ms: Math.round(p95.value * 1000),
    };
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
    return sample;
  }
}
