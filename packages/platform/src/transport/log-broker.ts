import type { CloudEvent } from '../contracts/cloud-event';
import type { RequestPressure } from '../runtime/request-pressure';

export interface LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly event: CloudEvent;
}

/** Handles the records of one partition, in order. Resolving commits; throwing redelivers. */
export type PartitionHandler = (records: readonly LogRecord[]) => Promise<void>;

export interface SubscribeOptions {
  /**
   * The pressure the handler waits for while commands press (none: it never waits): a broker that fetches ahead
   * should stop fetching meanwhile, or the records only pile up in memory at the broker's
   * and the process's expense.
   */
  givesWay?: RequestPressure;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface ReplayFrom {
  topic: string;
  /** Offset to resume from (inclusive), for every partition; 0 replays everything. */
  offset: number;
}

/** How far a consumer group is behind on one partition of a topic. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** Records ever appended to the partition (the next offset to be written). */
  end: number;
  /** Records appended that the group has not handled (committed) yet. */
  lag: number;
}

/**
 * The broker under the event bus: the PostgreSQL log (embedded) or Kafka (distributed).
 * Both run the same conformance suite.
 */
export interface LogBroker {
  readonly kind: string;
  /** Durable once resolved. Idempotent by event id where the broker can tell. */
  append(events: readonly CloudEvent[]): Promise<void>;
  subscribe(
    group: string,
    topics: readonly string[],
    handler: PartitionHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** How far `group` is behind on every partition of `topics` (the operations console's consumer lag). */
  lag(group: string, topics: readonly string[]): Promise<PartitionLag[]>;
  /** Moves a group's position back (or forward) so it reads again from an offset. */
  replay(group: string, from: ReplayFrom): Promise<void>;
  close(): Promise<void>;
}
