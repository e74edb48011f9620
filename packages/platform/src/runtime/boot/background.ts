import type { EmfReporter } from '../../observability/emf.reporter';
import type { LatencyAlertEvaluator } from '../../observability/latency-alert.evaluator';
import type { TrafficHistory } from '../../observability/traffic-history';
import type { EventBus } from '../../transport/event-bus';
import type { ServiceRuntime } from '../service-context';

/**
 * What runs behind the HTTP server: each service's relay and consumers and its sagas'
 * timekeeper, the platform's own outbox, the latency alert, the traffic history and the EMF reporter. Stopping
 * follows decision 0018: consumers leave their groups first (`stopConsuming`, before the HTTP
 * server closes), the relays last, so what the last requests wrote still goes out.
 */
export class Background {
  constructor(
    private readonly runtimes: ReadonlyMap<string, ServiceRuntime>,
    private readonly extras: {
      opsBus?: EventBus;
      alerts?: LatencyAlertEvaluator;
      traffic?: TrafficHistory;
      emf?: EmfReporter;
    } = {},
  ) {}

  async start(): Promise<void> {
    for (const r of this.runtimes.values()) {
      await r.bus.start();
      r.sagas.startTimekeeper();
    }
    await this.extras.opsBus?.start();
    this.extras.alerts?.start();
    this.extras.traffic?.start();
    this.extras.emf?.start();
  }

  /** Consumers leave their groups, so other instances take their partitions over at once. */
  async stopConsuming(): Promise<void> {
    for (const r of this.runtimes.values()) await r.bus.stopConsuming();
  }

  async stop(): Promise<void> {
    this.extras.alerts?.stop();
    this.extras.traffic?.stop();
    this.extras.emf?.stop();
    await this.extras.opsBus?.stop();
    for (const r of this.runtimes.values()) {
      await r.sagas.stop();
      await r.bus.stop();
      await r.queue.stop();
    }
  }
}
