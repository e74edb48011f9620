import type { CloudEvent } from '../contracts/cloud-event';
import type { EventContract, EventData } from '../contracts/event-contract';
import type { Database, Tx } from '../db/database';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { RequestPressure } from '../runtime/request-pressure';
import type { ConsumerSpec } from './consumer';
import { ConsumerRunner } from './consumer.runner';
import { Inbox } from './inbox';
import type { LogBroker, ReplayFrom, Subscription } from './log-broker';
import { envelope, writeOutbox } from './outbox';
import { OutboxRelay } from './outbox.relay';

/**
 * One service's view of the event bus: `publish` writes to the outbox in the caller's
 * transaction, `subscribe` declares a consumer group. The relay and subscriptions run
 * between `start` and `stop`.
 */
/** How far a consumer group is behind on one topic, its partitions summed. */
export interface TopicLag {
  group: string;
  topic: string;
  partitions: number;
  /** Records ever appended to the topic. */
  end: number;
  /** Records the group has not handled yet. */
  lag: number;
}

export class EventBus {
  readonly #relay: OutboxRelay;
  readonly #runners: ConsumerRunner[] = [];
  readonly #subs: Subscription[] = [];
  #started = false;

  constructor(
    readonly service: string,
    private readonly db: Database,
    private readonly broker: LogBroker,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    /** The app's command pressure, which non-urgent consumer groups give way to. */
    private readonly pressure?: RequestPressure,
  ) {
    this.#relay = new OutboxRelay(service, db, broker, log);
    metrics?.watchConsumerLag(this);
  }

  async publish<C extends EventContract>(tx: Tx, contract: C, data: EventData<C>): Promise<CloudEvent> {
    const event = envelope(this.service, contract, data);
    await writeOutbox(tx, [event]);
    return event;
  }

  /** Writes several events of one contract with one statement (a batch's events). */
  async publishMany<C extends EventContract>(
    tx: Tx,
    contract: C,
    data: readonly EventData<C>[],
  ): Promise<CloudEvent[]> {
    const events = data.map((d) => envelope(this.service, contract, d));
    await writeOutbox(tx, events);
    return events;
  }

  subscribe(spec: ConsumerSpec): ConsumerRunner {
    const runner = new ConsumerRunner(spec, this.db, this.log, this.metrics, this.pressure);
    this.#runners.push(runner);
    if (this.#started) throw new Error('subscribe before start');
    return runner;
  }

  get runners(): readonly ConsumerRunner[] {
    return this.#runners;
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#relay.start();
    for (const r of this.#runners)
      this.#subs.push(
        await this.broker.subscribe(r.group, r.topics, r.handlePartition, {
          givesWay: r.urgent ? undefined : this.pressure,
        }),
      );
  }

  /** Leaves the consumer groups, so the other instances take the partitions over; the relay goes on. */
  async stopConsuming(): Promise<void> {
    const subs = this.#subs.splice(0);
    await Promise.all(subs.map((s) => s.stop()));
  }

  async stop(): Promise<void> {
    await this.stopConsuming();
    await this.#relay.stop();
  }

  /** How far each of this service's consumer groups is behind, per topic (its partitions summed). */
  async lag(): Promise<TopicLag[]> {
    const out: TopicLag[] = [];
    for (const r of this.#runners) {
      const byTopic = new Map<string, TopicLag>();
      for (const p of await this.broker.lag(r.group, r.topics)) {
        const t = byTopic.get(p.topic) ?? { group: r.group, topic: p.topic, partitions: 0, end: 0, lag: 0 };
        t.partitions += 1;
        t.end += p.end;
        t.lag += p.lag;
        byTopic.set(p.topic, t);
      }
      out.push(...byTopic.values());
    }
    return out;
  }

  /** Reads a group's topic again from an offset; `reprocess` forgets the inbox so effects rerun. */
  async replay(group: string, from: ReplayFrom, options: { reprocess?: boolean } = {}): Promise<void> {
    if (options.reprocess) await new Inbox(this.db, group).forget();
    await this.broker.replay(group, from);
  }
}
