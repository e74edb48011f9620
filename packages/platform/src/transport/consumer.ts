import type { CloudEvent } from '../contracts/cloud-event';
import type { EventContract, EventData } from '../contracts/event-contract';
import type { Tx } from '../db/database';

export interface EventHandler<C extends EventContract = EventContract> {
  readonly contract: C;
  readonly handle: (data: EventData<C>, event: CloudEvent, tx: Tx) => Promise<void>;
  /**
   * "Not mine" (decision 0117): false when the handler would do nothing with this event, told
   * from the event alone (a reply naming another saga). The runner then skips the record before
   * its transaction: no claim, no inbox row, no handler. A redelivery must be skipped again, so it
   * is a function of the event, or of what the process remembers of it when handling the event
   * after all would be harmless (decision 0142); the event has not been validated yet.
   */
  readonly mine?: (event: CloudEvent) => boolean;
}

export interface RetryPolicy {
  /** Attempts before the event is parked in the failed registry. */
  attempts: number;
  /** First backoff; doubles each attempt. */
  baseMs: number;
  maxMs: number;
}

/** A consumer group: the handlers it runs, each inside the service's own transaction. */
export interface ConsumerSpec {
  readonly group: string;
  readonly handlers: readonly EventHandler[];
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Someone is waiting for this group's effects (a login code, say): it never gives way to a
   * rush of commands. Other groups pause while commands press (RequestPressure).
   */
  readonly urgent?: boolean;
}

export function on<C extends EventContract>(
  contract: C,
  handle: (data: EventData<C>, event: CloudEvent, tx: Tx) => Promise<void>,
  options: { mine?: (event: CloudEvent) => boolean } = {},
): EventHandler {
  return { contract, handle, ...options } as EventHandler;
}

export const defaultRetry: RetryPolicy = { attempts: 5, baseMs: 50, maxMs: 2000 };
