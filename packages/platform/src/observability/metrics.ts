import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
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
  }
}
