import { randomUUID } from 'node:crypto';
import type { Histogram } from 'prom-client';
import { LatencyWindow } from './latency-window';

export interface LatencyAlert {
  id: string;
  rule: string;
  state: 'firing' | 'resolved';
  p95Ms: number;
  thresholdMs: number;
  windowSeconds: number;
  requests: number;
  at: string;
}

export interface AlertOptions {
  thresholdMs: number;
  windowMs: number;
  sampleMs: number;
  /** Fewer requests than this in the window: no verdict. */
  minRequests: number;
}

export const API_LATENCY_RULE = 'CoordinaApiLatencyHigh';

/**
 * The in-process twin of deploy/prometheus/coordina-rules.yaml: API p95 latency over the
 * last 5 minutes above 200 ms fires an alert, once, until it resolves.
 */
export class LatencyAlertEvaluator {
  readonly #window: LatencyWindow;
  readonly history: LatencyAlert[] = [];
  #firing: LatencyAlert | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    histogram: Histogram<string>,
    private readonly options: AlertOptions,
    private readonly notify: (alert: LatencyAlert) => Promise<void>,
  ) {
    this.#window = new LatencyWindow(histogram, options.windowMs);
  }

  start(): void {
    void this.#window.sample();
    this.#timer = setInterval(() => void this.evaluate(), this.options.sampleMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async evaluate(now = Date.now()): Promise<LatencyAlert | undefined> {
    await this.#window.sample(now);
    const p95 = this.#window.quantile(0.95);
    if (!p95 || p95.count < this.options.minRequests) return undefined;
    const p95Ms = p95.value * 1000;
    const over = p95Ms > this.options.thresholdMs;
    if (over === (this.#firing !== undefined)) return undefined;
    const alert: LatencyAlert = {
      id: this.#firing?.id ?? randomUUID(),
      rule: API_LATENCY_RULE,
      state: over ? 'firing' : 'resolved',
      p95Ms: Math.round(p95Ms),
      thresholdMs: this.options.thresholdMs,
      windowSeconds: this.options.windowMs / 1000,
      requests: p95.count,
      at: new Date(now).toISOString(),
    };
    this.#firing = over ? alert : undefined;
    this.history.push(alert);
    if (this.history.length > 100) this.history.shift();
    await this.notify(alert);
    return alert;
  }
}
