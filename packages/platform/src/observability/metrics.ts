import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Something that tells how far its consumer groups are behind (a service's event bus). */
export interface ConsumerLagSource {
  readonly service: string;
  lag(): Promise<readonly { group: string; topic: string; lag: number }[]>;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

/** The process's Prometheus metrics (one registry per app, no module-level state). */
export class Metrics {
  readonly registry = new Registry();
  /** The public API's latency: what the latency alert, EMF and the Prometheus rules read. */
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Requests of the platform to itself (service-to-service `ctx.http`, internal callers). */
  readonly internalHttpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsHandled: Counter<'group' | 'topic' | 'outcome'>;
  readonly handleSeconds: Histogram<'group'>;
  readonly sagas: Counter<'saga' | 'status'>;
  readonly outboxLag: Gauge<'service'>;
  readonly cacheRequests: Counter<'service' | 'result'>;
  /** Records each consumer group has not handled yet, per topic, asked of the broker at each scrape. */
  readonly consumerLag: Gauge<'service' | 'group' | 'topic'>;
  readonly #lagSources = new Set<ConsumerLagSource>();

  constructor() {
    // The event-loop delay monitor samples every 100 ms, not prom-client's 10 ms: a timer firing a
    // hundred times a second was a quarter of a percent of a core in an idle process (decision 0131).
    // A stall longer than the interval is still recorded; shorter ones show in the request latencies.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.internalHttpDuration = new Histogram({
      name: 'coordina_internal_request_duration_seconds',
      help: 'Latency of the platform calling its own routes (service to service), by route',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.eventsHandled = new Counter({
      name: 'coordina_events_handled_total',
      help: 'Events handled by consumer groups, by outcome',
      labelNames: ['group', 'topic', 'outcome'],
      registers: [this.registry],
    });
    this.handleSeconds = new Histogram({
      name: 'coordina_event_handle_seconds',
      help: 'Time to handle one event, retries included',
      labelNames: ['group'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [this.registry],
    });
    this.sagas = new Counter({
      name: 'coordina_sagas_total',
      help: 'Sagas that reached a final status',
      labelNames: ['saga', 'status'],
      registers: [this.registry],
    });
    this.cacheRequests = new Counter({
      name: 'coordina_cache_requests_total',
      help: 'Cache reads by result; hit rate = hit / (hit + miss)',
      labelNames: ['service', 'result'],
      registers: [this.registry],
    });
    this.outboxLag = new Gauge({
      name: 'coordina_outbox_unpublished',
      help: 'Outbox rows not yet published',
      labelNames: ['service'],
      registers: [this.registry],
    });
    const sources = this.#lagSources;
    this.consumerLag = new Gauge({
      name: 'coordina_consumer_lag',
      help: 'Events a consumer group has not handled yet, per topic (its partitions summed)',
      labelNames: ['service', 'group', 'topic'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const source of sources) {
          // A broker that cannot tell leaves that service's series out of this scrape.
          const lags = await source.lag().catch(() => []);
          for (const l of lags) this.set({ service: source.service, group: l.group, topic: l.topic }, l.lag);
        }
      },
    });
  }

  /** Reports `source`'s consumer lag in `coordina_consumer_lag` from now on. */
  watchConsumerLag(source: ConsumerLagSource): void {
    this.#lagSources.add(source);
  }
}
