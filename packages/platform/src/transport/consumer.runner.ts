import { setTimeout as sleep } from 'node:timers/promises';
import { ZodError } from 'zod';
import type { CloudEvent } from '../contracts/cloud-event';
import { type Database, isDatabaseUnavailable, type Tx } from '../db/database';
import { UnrecoverableError } from '../errors/app-error';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { newContext, runWithContext } from '../observability/request-context';
import {
  contextOf,
  contextWith,
  endSpan,
  pastSpan,
  type Span,
  SpanKind,
  startSpan,
  traced,
  tracingOn,
  withSpan,
} from '../observability/tracing';
import type { RequestPressure } from '../runtime/request-pressure';
import { type ConsumerSpec, defaultRetry, type EventHandler, type RetryPolicy } from './consumer';
import { FailedRegistry } from './failed.registry';
import { HoldRegistry } from './hold.registry';
import { Inbox } from './inbox';
import { KeyLock } from './key-lock';
import type { LogRecord } from './log-broker';

type Outcome = 'handled' | 'duplicate' | 'held' | 'ignored' | 'skipped';

/**
 * Runs one consumer group's handlers with the platform's guarantees: inbox dedupe by
 * event id, retries with exponential backoff, and principle 6 (a key whose event failed
 * is held while other keys flow).
 */
export class ConsumerRunner {
  readonly group: string;
  readonly topics: readonly string[];
  readonly #handlers = new Map<string, EventHandler>();
  readonly #retry: RetryPolicy;
  /** Never gives way to a rush of commands (ConsumerSpec.urgent). */
  readonly urgent: boolean;
  readonly inbox: Inbox;
  readonly holds: HoldRegistry;
  readonly registry: FailedRegistry;
  /** Traced: each record's receive span, from its arrival until its commit. */
  readonly #spans = new WeakMap<CloudEvent, Span>();
  /** Some handler has a "not mine" predicate (EventHandler.mine). */
  readonly #anySkip: boolean;

  constructor(
    spec: ConsumerSpec,
    private readonly db: Database,
    private readonly log: Logger,
    private readonly metrics: Metrics | undefined,
    /** The app's command pressure; a non-urgent group gives way to it (none: never waits). */
    private readonly pressure?: RequestPressure,
    private readonly txBudgetMs = 20,
  ) {
    this.group = spec.group;
    for (const h of spec.handlers) this.#handlers.set(h.contract.topic, h);
    this.topics = [...this.#handlers.keys()];
    this.#anySkip = spec.handlers.some((h) => h.mine);
    this.#retry = { ...defaultRetry, ...spec.retry };
    this.urgent = spec.urgent === true;
    const keys = new KeyLock(this.group);
    this.inbox = new Inbox(db, this.group);
    this.holds = new HoldRegistry(db, this.group);
    this.registry = new FailedRegistry(db, this.group, keys, this.inbox, this.holds, (event, tx) =>
      this.#invoke(event, tx),
    );
  }

  /**
   * The broker calls this with one partition's records, in order. The fast path handles
   * them in as few transactions as it can, each closed after `txBudgetMs` so the row locks
   * a handler takes are not held across a long batch; if any handler fails, nothing of that
   * transaction commits and each of its records goes through the careful path (retries,
   * parking) one by one. Unless the group is urgent, each transaction first gives way to a
   * rush of commands.
   */
  readonly handlePartition = async (all: readonly LogRecord[]): Promise<void> => {
    if (tracingOn()) this.#receive(all);
    // Records whose handler says "not mine" go before any transaction (decision 0117): they have
    // no effect, so leaving them out keeps the order of the others' effects, and a redelivery
    // skips them again. The broker's position moves past them as past the others.
    const records = this.#anySkip ? all.filter((r) => this.#mine(r.event)) : all;
    for (let from = 0; from < records.length; ) {
      // Before every transaction, not once per batch: a batch of hundreds of records that
      // began before a rush would otherwise run through it.
      if (!this.urgent) await this.pressure?.calm();
      // Index of the record being handled: after a failure, the one that failed.
      let at = from;
      if (records.length - from > 1) {
        try {
          let workDone = 0;
          const outcomes = await this.db.transaction(async (tx) => {
            const out: Outcome[] = [];
            const events = records.slice(from).map((r) => r.event);
            const claims = await this.#claimBatch(events, tx);
            // The budget counts from the first handler, not from the claim: a claim slowed down by
            // a loaded machine (or waiting for a key's lock) must not cut the batch to one record
            // per transaction, each claiming the rest again (decision 0056, amended).
            const started = performance.now();
            for (; at < records.length && (at === from || performance.now() - started < this.txBudgetMs); at++) {
              const event = events[at - from] as CloudEvent;
              const claim = claims[at - from];
              out.push(await withSpan(this.#spans.get(event), () => this.#handleClaimed(event, claim, tx)));
            }
            // Out of budget: the claims of the records left over go back; they come in the next transaction.
            await this.inbox.unclaim(
              tx,
              events.flatMap((e, i) => (i >= at - from && claims[i] ? [e.id] : [])),
            );
            workDone = performance.now();
            return out;
          });
          for (const [i, outcome] of outcomes.entries()) {
            const event = records[from + i]?.event;
            this.metrics?.eventsHandled.inc({ group: this.group, topic: event?.type ?? '', outcome });
            if (event) this.#committed(event, workDone, outcome);
          }
          from = at;
          continue;
        } catch {
          // nothing of it committed: its records, up to the failed one, go one at a time
        }
      }
      for (const r of records.slice(from, at + 1)) await this.handleEvent(r.event);
      from = at + 1;
    }
  };

  async handleEvent(event: CloudEvent): Promise<Outcome | 'parked'> {
    if (!this.#mine(event)) return 'skipped';
    if (!tracingOn()) return this.#handleAlone(event);
    const span = this.#spans.get(event) ?? this.#receiveSpan(event, performance.now());
    this.#spans.delete(event);
    try {
      const outcome = await withSpan(span, () => this.#handleAlone(event));
      span?.setAttribute('coordina.outcome', outcome);
      endSpan(span);
      return outcome;
    } catch (err) {
      endSpan(span, err);
      throw err;
    }
  }

  /**
   * False when the record's handler says the event is not its (EventHandler.mine): counted, its
   * receive span ended, and nothing else. A predicate that throws counts as "mine": the handler
   * then validates the event and parks it if it is malformed.
   */
  #mine(event: CloudEvent): boolean {
    const mine = this.#handlers.get(event.type)?.mine;
    if (!mine) return true;
    let skip = false;
    try {
      skip = !mine(event);
    } catch {
      skip = false;
    }
    if (!skip) return true;
    this.metrics?.eventsHandled.inc({ group: this.group, topic: event.type, outcome: 'skipped' });
    const span = this.#spans.get(event);
    if (span) {
      this.#spans.delete(event);
      span.setAttribute('coordina.outcome', 'skipped');
      endSpan(span);
    }
    return false;
  }

  /** Traced: a receive span per record, each continuing its producer's context (the event's traceparent). */
  #receive(records: readonly LogRecord[]): void {
    const at = performance.now();
    for (const r of records) {
      const span = this.#receiveSpan(r.event, at, r);
      if (span) this.#spans.set(r.event, span);
    }
  }

  #receiveSpan(event: CloudEvent, at: number, record?: LogRecord): Span | undefined {
    return startSpan(
      `receive ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        startTime: at,
        attributes: {
          'messaging.consumer.group.name': this.group,
          'messaging.destination.name': event.type,
          'messaging.message.id': event.id,
          ...(record ? { 'messaging.destination.partition.id': String(record.partition) } : {}),
        },
      },
      contextOf(event.traceparent),
    );
  }

  /** Traced: a record of a batch transaction is committed; its receive span ends with the commit. */
  #committed(event: CloudEvent, workDone: number, outcome: Outcome): void {
    const span = this.#spans.get(event);
    if (!span) return;
    this.#spans.delete(event);
    pastSpan('db.commit', workDone, contextWith(span), { 'coordina.batch': true });
    span.setAttribute('coordina.outcome', outcome);
    endSpan(span);
  }

  async #handleAlone(event: CloudEvent): Promise<Outcome | 'parked'> {
    const ctx = newContext(event.requestid, event.traceparent);
    return runWithContext(ctx, async () => {
      const started = performance.now();
      // Failures while the database is unreachable are not the event's: they are waited out
      // (backing off up to the policy's maximum) and never count towards parking it.
      for (let attempt = 1, outage = 0; ; attempt++) {
        try {
          const outcome = await this.db.transaction((tx) => this.#handleOnce(event, tx));
          this.metrics?.eventsHandled.inc({ group: this.group, topic: event.type, outcome });
          this.metrics?.handleSeconds.observe({ group: this.group }, (performance.now() - started) / 1000);
          return outcome;
        } catch (err) {
          if (isDatabaseUnavailable(err)) {
            attempt--;
            outage++;
            const wait = Math.min(this.#retry.maxMs, this.#retry.baseMs * 2 ** Math.min(outage - 1, 16));
            this.log.warn({ err, eventId: event.id, outage, wait }, 'database unavailable; event waits');
            await sleep(wait);
            continue;
          }
          const final = err instanceof UnrecoverableError || err instanceof ZodError || attempt >= this.#retry.attempts;
          if (final) {
            const reason = describe(err);
            this.log.error({ err, eventId: event.id, topic: event.type, group: this.group }, 'event parked');
            await this.registry.park(event, reason, attempt);
            this.metrics?.eventsHandled.inc({ group: this.group, topic: event.type, outcome: 'parked' });
            return 'parked';
          }
          const backoff = Math.min(this.#retry.maxMs, this.#retry.baseMs * 2 ** (attempt - 1));
          this.log.warn({ err, eventId: event.id, attempt, backoff }, 'event handler failed; retrying');
          await sleep(backoff);
        }
      }
    });
  }

  /** One record in its own transaction: its claim (Inbox.claim), then as for a batch's record. */
  async #handleOnce(event: CloudEvent, tx: Tx): Promise<Outcome> {
    const claimed = await traced('inbox.claim', () => this.inbox.claim(tx, event, this.#claimOutcome(event)));
    return this.#handleClaimed(event, claimed, tx);
  }

  /** What a claim records: 'handled', the common outcome (corrected to 'held' if the key is blocked), or 'ignored'. */
  #claimOutcome(event: CloudEvent): 'handled' | 'ignored' {
    return this.#handlers.has(event.type) ? 'handled' : 'ignored';
  }

  /**
   * One claim for every record of a batch (Inbox.claimMany). Traced under the first record's span.
   */
  #claimBatch(events: readonly CloudEvent[], tx: Tx): Promise<({ blocked: boolean } | undefined)[]> {
    const outcomes = events.map((e) => this.#claimOutcome(e));
    const first = events[0];
    return withSpan(first && this.#spans.get(first), () =>
      traced('inbox.claim', () => this.inbox.claimMany(tx, events, outcomes), {
        attributes: { 'coordina.batch': events.length },
      }),
    );
  }

  /**
   * A claimed record: held if its key is blocked, else handled (rolls back with the caller's
   * transaction if the handler throws). In a batch, whether a key is blocked was read once for
   * the whole batch under the key's lock, and only the batch itself could change it since (by
   * holding a record, which happens only to a key already blocked): every record of a blocked
   * key is held, as its own claim would have found.
   */
  async #handleClaimed(event: CloudEvent, claim: { blocked: boolean } | undefined, tx: Tx): Promise<Outcome> {
    if (!claim) return 'duplicate';
    if (claim.blocked) {
      await this.holds.hold(tx, event);
      await this.inbox.setOutcome(tx, event.id, 'held');
      return 'held';
    }
    const handled = await traced(`handle ${event.type}`, () => this.#invoke(event, tx), {
      attributes: { 'messaging.consumer.group.name': this.group },
    });
    return handled ? 'handled' : 'ignored';
  }

  /** Validates and runs the handler; false when the group has no handler for the type. */
  async #invoke(event: CloudEvent, tx: Tx): Promise<boolean> {
    const h = this.#handlers.get(event.type);
    if (!h) return false;
    const data = h.contract.schema.parse(event.data);
    await h.handle(data, event, tx);
    return true;
  }
}

function describe(err: unknown): string {
  if (err instanceof ZodError) {
    return `invalid event data: ${err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
