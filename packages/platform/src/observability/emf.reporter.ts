import type { Histogram } from 'prom-client';
import { LatencyWindow } from './latency-window';

/**
 * CloudWatch Embedded Metric Format: one JSON line per interval on stdout, which the
 * CloudWatch agent (or Lambda/ECS log drivers) turns into metrics. Enabled by
 * COORDINA_METRICS_EMF=true.
 */
export class EmfReporter {
  readonly #window: LatencyWindow;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    histogram: Histogram<string>,
    private readonly service: string,
    private readonly intervalMs: number,
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  ) {
    this.#window = new LatencyWindow(histogram, intervalMs);
  }

  start(): void {
    void this.#window.sample();
    this.#timer = setInterval(() => void this.report(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async report(now = Date.now()): Promise<void> {
    await this.#window.sample(now);
    const p95 = this.#window.quantile(0.95);
    const p50 = this.#window.quantile(0.5);
    this.write(
      JSON.stringify({
        _aws: {
          Timestamp: now,
          CloudWatchMetrics: [
            {
              Namespace: 'Coordina',
              Dimensions: [['Service']],
              Metrics: [
                { Name: 'ApiLatencyP50', Unit: 'Milliseconds' },
                { Name: 'ApiLatencyP95', Unit: 'Milliseconds' },
                { Name: 'ApiRequests', Unit: 'Count' },
              ],
            },
          ],
        },
        Service: this.service,
        ApiLatencyP50: Math.round((p50?.value ?? 0) * 1000),
        ApiLatencyP95: Math.round((p95?.value ?? 0) * 1000),
        ApiRequests: p95?.count ?? 0,
      }),
    );
  }
}
