import type { Admin, Consumer, Message, MessagesStream, Producer } from '@platformatic/kafka';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Logger } from '../observability/logger';
import { crashPoint } from '../runtime/crash-points';
import type { RequestPressure } from '../runtime/request-pressure';
import { type KafkaSecurity, serverName } from '../runtime/transport-security';
import type {
  LogBroker,
  PartitionHandler,
  PartitionLag,
  ReplayFrom,
  SubscribeOptions,
  Subscription,
} from './log-broker';

export interface KafkaBrokerOptions {
  brokers: string[];
  clientId: string;
  /** Partitions and replication of topics this broker creates. */
  partitions?: number;
  replicationFactor?: number;
  /**
   * Prepended to every topic name and consumer group id: an environment namespace, or a
   * test's own. Groups need it as much as topics do: deployments sharing a cluster under the
   * same group ids would rebalance each other's consumers every time one of them starts.
   */
  topicPrefix?: string;
  /** How the consumer groups find out that a member died (defaults: `consumerGroupDefaults`). */
  group?: ConsumerGroupTuning;
  /** TLS and SASL to the brokers (KAFKA_SSL, KAFKA_SASL_*); plaintext when absent. */
  security?: KafkaSecurity;
  /** When a subscription counts as stalled and rejoins its group (defaults: `stallDefaults`). */
  stall?: StallTuning;
}

/**
 * The watchdog of every subscription (docs/decisions/0049-consumer-stall-watchdog.md). A
 * client library can lose its way after the brokers come back (a member that never rejoins, a
 * stream that stops fetching, a commit that never settles) without an error to react to. A
 * subscription that is not a group member for `afterMs`, or whose own partitions have records
 * it has not handled while nothing arrived for `afterMs`, or whose offset commit has not
 * settled after `commitTimeoutMs`, says why and rejoins; what it had not committed comes again
 * and the inbox drops what was handled already. A join (or rejoin) that has not settled after
 * `joinTimeoutMs` is abandoned and tried afresh (decision 0141): a rejoin is the watchdog's own
 * remedy, so nothing else would notice it hanging.
 */
export interface StallTuning {
  afterMs?: number;
  commitTimeoutMs?: number;
  /** Default: twice the join grace (rebalance + session timeouts), at least 30 s. */
  joinTimeoutMs?: number;
}

export const stallDefaults: Required<Omit<StallTuning, 'joinTimeoutMs'>> = {
  afterMs: 30_000,
  commitTimeoutMs: 15_000,
};

/**
 * How a consumer group finds out that a member is gone (docs/decisions/0018-consumer-failover.md).
 * Classic protocol: a member that stops heartbeating is dropped after `sessionTimeoutMs`; the
 * survivors learn of it at their next heartbeat (`heartbeatIntervalMs`), rejoin and take its
 * partitions over. The broker refuses sessions shorter than its `group.min.session.timeout.ms`
 * (6 s unless lowered): the session is then raised to that minimum. 'consumer' is KIP-848
 * (Kafka 4): the broker assigns partitions incrementally and sets session and heartbeat itself
 * (`group.consumer.session.timeout.ms`, `group.consumer.heartbeat.interval.ms`).
 */
export interface ConsumerGroupTuning {
  protocol?: 'classic' | 'consumer';
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
}

/** A killed member's partitions move after about 3.5 s (bench/FAILOVER.md). */
export const consumerGroupDefaults: Required<ConsumerGroupTuning> = {
  protocol: 'classic',
  sessionTimeoutMs: 3000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 15_000,
};

/**
 * How long a stopping member lets the batches it is handling finish before it leaves its
 * group anyway: a handler may wait for a rush to pass or retry for longer, and the partitions
 * should move at once. What it had not committed, the next owner handles again; the inbox
 * drops what was handled already.
 */
const LEAVE_GRACE_MS = 1000;

/**
 * How long closing a stream or a consumer may take before it is left to finish in the
 * background: a broker killed mid-request may never answer a leave, and the group drops a
 * silent member after its session timeout anyway.
 */
const CLOSE_GRACE_MS = 5000;

/** A join that did not settle within the subscription's `joinTimeoutMs` (decision 0141). */
class JoinTimeout extends Error {}

type Kafka = typeof import('@platformatic/kafka');
type ConnectionOptions = Pick<import('@platformatic/kafka').BaseOptions, 'tls' | 'tlsServerName' | 'sasl'>;

/** AWS's signer for MSK IAM tokens; installed with the deployment that uses it (decision 0028). */
const MSK_SIGNER = 'aws-msk-iam-sasl-signer-js';

/**
 * The connection options every client of a broker shares: TLS (with the server's name for
 * SNI when the brokers are named, not addressed) and SASL. MSK's IAM access control is
 * SASL/OAUTHBEARER with a token AWS's signer makes from the process's IAM credentials, asked
 * again at every authentication (tokens last 15 minutes).
 */
export function kafkaConnectionOptions(
  brokers: readonly string[],
  security: KafkaSecurity | undefined,
): ConnectionOptions {
  if (!security) return {};
  const options: ConnectionOptions = {};
  if (security.tls) {
    options.tls = security.tls.ca ? { ca: security.tls.ca } : {};
    if (brokers.some((b) => serverName(b.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')))) options.tlsServerName = true;
  }
  const sasl = security.sasl;
  if (sasl?.mechanism === 'AWS_MSK_IAM') {
    const region = sasl.region;
    options.sasl = {
      mechanism: 'OAUTHBEARER',
      token: async () => {
        let signer: { generateAuthToken(o: { region: string }): Promise<{ token: string }> };
        try {
          signer = await import(MSK_SIGNER);
        } catch {
          throw new Error(
            `KAFKA_SASL_MECHANISM=AWS_MSK_IAM needs the ${MSK_SIGNER} package: npm install ${MSK_SIGNER}`,
          );
        }
        return (await signer.generateAuthToken({ region })).token;
      },
    };
  } else if (sasl) options.sasl = { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
  return options;
}

/**
 * The distributed broker: Apache Kafka through @platformatic/kafka. The relay produces with
 * an idempotent producer (acks=all), keyed so a key keeps its partition and order. Each
 * subscription is a consumer group member; partitions are processed in parallel, each in
 * order, and an offset is committed only after its record was handled.
 */
export class KafkaBroker implements LogBroker {
  readonly kind = 'kafka';
  #kafka: Kafka | undefined;
  #producer: Producer<string, string, string, string> | undefined;
  #admin: Admin | undefined;
  readonly #known = new Set<string>();
  readonly #subs = new Set<KafkaSubscription>();
  #tuning: Promise<Required<ConsumerGroupTuning>> | undefined;

  constructor(
    private readonly options: KafkaBrokerOptions,
    private readonly log: Logger,
  ) {}

  /** A topic's name in this broker's namespace. */
  topic(name: string): string {
    return `${this.options.topicPrefix ?? ''}${name}`;
  }

  /** A consumer group's id in the same namespace. */
  groupId(group: string): string {
    return this.topic(group);
  }

  async lib(): Promise<Kafka> {
    this.#kafka ??= await import('@platformatic/kafka');
    return this.#kafka;
  }

  async admin(): Promise<Admin> {
    const k = await this.lib();
    this.#admin ??= new k.Admin({
      clientId: `${this.options.clientId}-admin`,
      bootstrapBrokers: this.options.brokers,
      ...this.connection(),
    });
    return this.#admin;
  }

  /** TLS and SASL options for every client of this broker. */
  connection(): ConnectionOptions {
    return kafkaConnectionOptions(this.options.brokers, this.options.security);
  }

  /** The group settings this broker's members use (see ConsumerGroupTuning), asked once. */
  groupTuning(): Promise<Required<ConsumerGroupTuning>> {
    this.#tuning ??= this.#resolveTuning();
    return this.#tuning;
  }

  async #resolveTuning(): Promise<Required<ConsumerGroupTuning>> {
    const wanted = { ...consumerGroupDefaults, ...this.options.group };
    if (wanted.protocol !== 'classic') return wanted;
    try {
      const k = await this.lib();
      const admin = await this.admin();
      const meta = await admin.metadata({ topics: [] });
      const node = [...meta.brokers.keys()][0];
      const key = 'group.min.session.timeout.ms';
      const [described] = await admin.describeConfigs({
        resources: [
          { resourceType: k.ConfigResourceTypes.BROKER, resourceName: String(node), configurationKeys: [key] },
        ],
      });
      const min = Number(described?.configs.find((c) => c.name === key)?.value);
      if (Number.isFinite(min) && min > wanted.sessionTimeoutMs) {
        this.log.warn(
          { wanted: wanted.sessionTimeoutMs, [key]: min },
          'the brokers refuse consumer sessions this short: a dead member is noticed only after their minimum (lower group.min.session.timeout.ms)',
        );
        return {
          ...wanted,
          sessionTimeoutMs: min,
          heartbeatIntervalMs: Math.max(wanted.heartbeatIntervalMs, Math.floor(min / 6)),
          rebalanceTimeoutMs: Math.max(wanted.rebalanceTimeoutMs, min),
        };
      }
    } catch (err) {
      this.log.warn({ err }, "could not read the brokers' minimum consumer session; using the configured one");
    }
    return wanted;
  }

  async ensureTopics(names: readonly string[]): Promise<void> {
    const missing = names.map((n) => this.topic(n)).filter((t) => !this.#known.has(t));
    if (missing.length === 0) return;
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const create = missing.filter((t) => !existing.has(t));
    if (create.length > 0) {
      try {
        await admin.createTopics({
          topics: create,
          partitions: this.options.partitions ?? 8,
          replicas: this.options.replicationFactor ?? 1,
        });
      } catch (err) {
        // Another process may have created them meanwhile.
        if (!/exist/i.test(String((err as Error).message) + JSON.stringify((err as { errors?: unknown }).errors ?? '')))
          throw err;
      }
    }
    for (const t of missing) this.#known.add(t);
  }

  async append(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.ensureTopics([...new Set(events.map((e) => e.type))]);
    const k = await this.lib();
    this.#producer ??= new k.Producer({
      clientId: `${this.options.clientId}-producer`,
      bootstrapBrokers: this.options.brokers,
      ...this.connection(),
      serializers: k.stringSerializers,
      idempotent: true,
      acks: -1,
      retries: 10,
    });
    await this.#producer.send({
      messages: events.map((e) => ({
        topic: this.topic(e.type),
        key: e.subject,
        value: JSON.stringify(e),
        headers: { 'ce-id': e.id, 'ce-type': e.type, ...(e.traceparent ? { traceparent: e.traceparent } : {}) },
      })),
    });
  }

  async subscribe(
    group: string,
    topics: readonly string[],
    handler: PartitionHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    await this.ensureTopics(topics);
    const sub = new KafkaSubscription(
      this,
      this.options,
      this.log,
      group,
      topics.map((t) => this.topic(t)),
      handler,
      options.givesWay,
    );
    this.#subs.add(sub);
    await sub.start();
    return {
      stop: async () => {
        this.#subs.delete(sub);
        await sub.stop();
      },
    };
  }

  /** Kafka only moves a group's offsets while it has no members: pause ours, move, resume. */
  async lag(group: string, topics: readonly string[]): Promise<PartitionLag[]> {
    const admin = await this.admin();
    const names = topics.map((t) => this.topic(t));
    const meta = await admin.metadata({ topics: names });
    const partitions = names.map((name) => ({
      name,
      indexes: Array.from({ length: meta.topics.get(name)?.partitionsCount ?? 0 }, (_, p) => p),
    }));
    const at = (timestamp: bigint) =>
      admin.listOffsets({
        topics: partitions.map((t) => ({
          name: t.name,
          partitions: t.indexes.map((partitionIndex) => ({ partitionIndex, timestamp })),
        })),
      });
    const [groups, latest, earliest] = await Promise.all([
      admin.listConsumerGroupOffsets({
        groups: [
          {
            groupId: this.groupId(group),
            topics: partitions.map((t) => ({ name: t.name, partitionIndexes: t.indexes })),
          },
        ],
      }),
      at(-1n),
      at(-2n),
    ]);
    const offset = (list: { name: string; partitions: { partitionIndex: number; offset: bigint }[] }[]) =>
      new Map<string, bigint>(
        list.flatMap((t) => t.partitions.map((p) => [`${t.name}:${p.partitionIndex}`, p.offset] as const)),
      );
    const ends = offset(latest);
    const starts = offset(earliest);
    const committed = new Map<string, bigint>(
      (groups[0]?.topics ?? []).flatMap((t) =>
        t.partitions.map((p) => [`${t.name}:${p.partitionIndex}`, p.committedOffset] as const),
      ),
    );
    return topics.flatMap((topic, i) =>
      (partitions[i]?.indexes ?? []).map((partition) => {
        const id: string = `${this.topic(topic)}:${partition}`;
        const end = ends.get(id) ?? 0n;
        const done = committed.get(id) ?? -1n;
        // No commit yet: the group starts at the earliest record it can still read.
        const position = done >= 0n ? done : (starts.get(id) ?? 0n);
        const lag = end > position ? end - position : 0n;
        return { topic, partition, end: Number(end), lag: Number(lag) };
      }),
    );
  }

  async replay(group: string, from: ReplayFrom): Promise<void> {
    const topic = this.topic(from.topic);
    const mine = [...this.#subs].filter((s) => s.group === group);
    for (const s of mine) await s.stop(Number.POSITIVE_INFINITY);
    const admin = await this.admin();
    const meta = await admin.metadata({ topics: [topic] });
    const partitions = meta.topics.get(topic)?.partitionsCount ?? this.options.partitions ?? 8;
    await admin.alterConsumerGroupOffsets({
      groupId: this.groupId(group),
      topics: [
        {
          name: topic,
          partitionOffsets: Array.from({ length: partitions }, (_, p) => ({
            partition: p,
            offset: BigInt(from.offset),
          })),
        },
      ],
    });
    for (const s of mine) await s.start();
  }

  async close(): Promise<void> {
    for (const s of this.#subs) await s.stop();
    this.#subs.clear();
    await this.#producer?.close();
    await this.#admin?.close();
  }
}

type Record_ = Message<string, string, string, string>;

/**
 * What one consumer (one generation of the subscription) has fetched and not finished: a
 * restart starts a new one, so the old one's workers, which may still be busy, only ever
 * touch their own queues and stop after their current batch.
 */
class Generation {
  readonly chains = new Map<string, Promise<void>>();
  readonly queues = new Map<string, Record_[]>();
  /** Per partition, the offset commit in flight (decision 0110): the partition's next batch does not wait for it. */
  readonly commits = new Map<string, Promise<void>>();
  /** Per partition, the last record handled: the one a failed commit is tried again for. */
  readonly handled = new Map<string, Record_>();
  inFlight = 0;
  constructor(
    readonly consumer: Consumer<string, string, string, string>,
    readonly stream: MessagesStream<string, string, string, string>,
  ) {}
}

class KafkaSubscription {
  #gen: Generation | undefined;
  /** Fetching is paused until a rush of commands passes. */
  #givingWay = false;
  #stopping = false;
  #restarting = false;
  #watch: NodeJS.Timeout | undefined;
  /** When a record last arrived or a commit last landed (performance.now()). */
  #lastProgress = performance.now();
  /** Since when the consumer has not been an active group member, if it is not. */
  #notMemberSince: number | undefined;
  #checking = false;
  /** How long a join may legitimately take (the group's rebalance and session timeouts). */
  #joinGraceMs = 0;
  /** TEST ONLY (COORDINA_TEST_STALL): records left before this subscription's stream stops fetching for good. */
  #stallAfter = stallSwitch('consumer.fetch');
  /** TEST ONLY (COORDINA_TEST_STALL): commits left before one never settles, as at a broker's death. */
  #hangCommitAfter = stallSwitch('consumer.commit');
  /** TEST ONLY (COORDINA_TEST_STALL): joins left before one never settles, as a join that lost its way. */
  #hangJoinAfter = stallSwitch('consumer.join');
  /** TEST ONLY: the generation whose stream the switch stopped; it is never resumed. */
  #frozen: Generation | undefined;

  constructor(
    private readonly broker: KafkaBroker,
    private readonly options: KafkaBrokerOptions,
    private readonly log: Logger,
    readonly group: string,
    private readonly topics: string[],
    private readonly handler: PartitionHandler,
    private readonly givesWay: RequestPressure | undefined,
  ) {}

  /** Joins the group; a join that hangs is abandoned and tried again, any other failure is thrown. */
  async start(): Promise<void> {
    this.#stopping = false;
    while (!this.#stopping) {
      try {
        await this.#open();
        return;
      } catch (err) {
        if (!(err instanceof JoinTimeout)) throw err;
        this.log.warn({ err, group: this.group }, 'kafka consumer join abandoned; retrying');
      }
    }
  }

  /** Joins the group with a new consumer (a generation); a stop that came meanwhile closes it at once. */
  async #open(): Promise<void> {
    const k = await this.broker.lib();
    const group = await this.broker.groupTuning();
    // A join may take a whole rebalance: only a member out for longer than that has lost its way.
    this.#joinGraceMs = group.rebalanceTimeoutMs + group.sessionTimeoutMs;
    const consumer = new k.Consumer({
      clientId: `${this.options.clientId}-${this.group}`,
      groupId: this.broker.groupId(this.group),
      bootstrapBrokers: this.options.brokers,
      ...this.broker.connection(),
      deserializers: k.stringDeserializers,
      ...(group.protocol === 'consumer'
        ? // The library checks rebalanceTimeout against its own classic session default (60 s).
          { groupProtocol: 'consumer' as const }
        : {
            sessionTimeout: group.sessionTimeoutMs,
            heartbeatInterval: group.heartbeatIntervalMs,
            rebalanceTimeout: group.rebalanceTimeoutMs,
          }),
      // Keep trying through a broker restart instead of giving up after a few attempts.
      retries: true,
      retryDelay: 500,
    });
    // A member whose rejoin failed for good says so here, not on its stream: rejoin afresh.
    consumer.on('error', (err: unknown) => {
      if (this.#gen?.consumer !== consumer) return;
      this.log.warn({ err, group: this.group }, 'kafka consumer failed; rejoining');
      this.#restartSoon('the consumer failed');
    });
    const hang = this.#hangJoinAfter !== undefined && --this.#hangJoinAfter < 0;
    if (hang) this.#hangJoinAfter = undefined;
    const consuming: Promise<MessagesStream<string, string, string, string>> = hang
      ? new Promise(() => undefined)
      : consumer.consume({
          topics: this.topics,
          autocommit: false,
          mode: 'committed',
          fallbackMode: 'earliest',
          // A long poll: the broker answers as soon as a record arrives, so this adds no latency;
          // it only stops every idle consumer from asking five times a second (the stream fetches
          // on its own connections, so commits and heartbeats never wait behind it).
          maxWaitTime: 5000,
        });
    const joinTimeoutMs = this.options.stall?.joinTimeoutMs ?? Math.max(30_000, 2 * this.#joinGraceMs);
    let stream: MessagesStream<string, string, string, string>;
    try {
      const joined = await settleWithin([consuming], joinTimeoutMs);
      if (!joined) throw new JoinTimeout(`joining the group did not settle in ${Math.round(joinTimeoutMs / 1000)} s`);
      stream = await consuming;
    } catch (err) {
      // Abandoned: a join that settles later must not leave a member fetching behind.
      void consuming.then((s) => s.close()).catch(() => undefined);
      await settleWithin([consumer.close(true).catch(() => undefined)], CLOSE_GRACE_MS);
      throw err;
    }
    if (this.#stopping) {
      // Stopped while joining (a restart racing a shutdown): leave at once, start nothing.
      await stream.close().catch(() => undefined);
      await consumer.close(true).catch(() => undefined);
      return;
    }
    const gen = new Generation(consumer, stream);
    this.#gen = gen;
    this.#lastProgress = performance.now();
    this.#notMemberSince = undefined;
    stream.on('data', (m) => this.#dispatch(gen, m));
    // Only the current stream may trigger a reconnect; one we closed on purpose may not.
    stream.on('error', (err) => {
      if (this.#gen !== gen) return;
      this.log.warn({ err, group: this.group }, 'kafka consumer error; reconnecting');
      this.#restartSoon('its stream failed');
    });
    stream.on('close', () => {
      if (this.#gen === gen) this.#restartSoon('its stream closed');
    });
    if (!this.#watch) {
      const every = Math.max(250, Math.min(5000, this.#stall.afterMs / 4));
      this.#watch = setInterval(() => void this.#check(), every);
      this.#watch.unref();
    }
  }

  get #stall(): typeof stallDefaults & StallTuning {
    return { ...stallDefaults, ...this.options.stall };
  }

  /**
   * A consumer that lost its stream (broker gone too long) or stalled rejoins the group;
   * uncommitted records come again. The old generation's batches get the leave grace to
   * finish, then it is closed whatever they are doing (a hung commit must not hold the rejoin).
   */
  #restartSoon(reason: string): void {
    if (this.#stopping || this.#restarting) return;
    this.#restarting = true;
    const old = this.#gen;
    this.#gen = undefined;
    this.log.warn({ group: this.group, reason }, 'kafka subscription rejoining its group');
    void (async () => {
      if (old) {
        old.stream.pause();
        for (const queue of old.queues.values()) queue.length = 0;
        await settleWithin([...old.chains.values()], LEAVE_GRACE_MS);
        await closeWithin(old, CLOSE_GRACE_MS);
      }
      // Each attempt has a deadline (#open): a join that hangs is abandoned, never waited on for good.
      while (!this.#stopping) {
        await new Promise((r) => setTimeout(r, 1000));
        try {
          await this.#open();
          break;
        } catch (err) {
          this.log.warn({ err, group: this.group }, 'kafka consumer restart failed; retrying');
        }
      }
      this.#restarting = false;
    })();
  }

  /** The watchdog (StallTuning): runs every quarter of `afterMs`, at most one check at a time. */
  async #check(): Promise<void> {
    const gen = this.#gen;
    if (!gen || this.#stopping || this.#restarting || this.#checking) return;
    this.#checking = true;
    try {
      const { afterMs } = this.#stall;
      const now = performance.now();
      if (!gen.consumer.isActive()) {
        this.#notMemberSince ??= now;
        if (now - this.#notMemberSince >= Math.max(afterMs, this.#joinGraceMs))
          this.#restartSoon(
            `not an active member of its group for ${Math.round((now - this.#notMemberSince) / 1000)} s`,
          );
        return;
      }
      this.#notMemberSince = undefined;
      // Busy, or recently moving: nothing to check (a batch's commit has its own deadline).
      if (gen.inFlight > 0 || now - this.#lastProgress < afterMs) return;
      const behind = await this.#recordsBehind(gen);
      if (this.#gen !== gen) return;
      if (behind.length > 0) {
        this.log.error(
          { group: this.group, behind, paused: gen.stream.isPaused(), idleMs: Math.round(now - this.#lastProgress) },
          'kafka subscription stalled: its partitions have records it did not receive',
        );
        this.#restartSoon(`stalled with records waiting on ${behind.map((b) => b.partition).join(', ')}`);
      } else this.#lastProgress = performance.now();
    } catch (err) {
      this.log.warn({ err, group: this.group }, 'kafka subscription check failed');
    } finally {
      this.#checking = false;
    }
  }

  /** The partitions assigned to this member whose last record is past the group's committed position. */
  async #recordsBehind(gen: Generation): Promise<{ partition: string; committed: string; end: string }[]> {
    const assigned = (gen.consumer.assignments ?? []).filter((a) => a.partitions.length > 0);
    if (assigned.length === 0) return [];
    const topics = assigned.map((a) => a.topic);
    const partitions = Object.fromEntries(assigned.map((a) => [a.topic, a.partitions]));
    const [committed, latest, earliest] = await Promise.all([
      gen.consumer.listCommittedOffsets({
        topics: assigned.map((a) => ({ topic: a.topic, partitions: a.partitions })),
      }),
      gen.consumer.listOffsets({ topics, partitions }),
      gen.consumer.listOffsets({ topics, partitions, timestamp: -2n }),
    ]);
    const out: { partition: string; committed: string; end: string }[] = [];
    for (const a of assigned) {
      for (const p of a.partitions) {
        const end = latest.get(a.topic)?.[p] ?? -1n;
        const start = earliest.get(a.topic)?.[p] ?? 0n;
        const done = committed.get(a.topic)?.[p] ?? -1n;
        const position = done >= 0n ? done : start;
        if (end > position) out.push({ partition: `${a.topic}:${p}`, committed: String(done), end: String(end) });
      }
    }
    return out;
  }

  #dispatch(gen: Generation, message: Record_): void {
    if (this.#gen !== gen) return;
    this.#lastProgress = performance.now();
    if (this.#frozen === gen) return;
    if (this.#stallAfter !== undefined && --this.#stallAfter < 0) {
      // TEST ONLY: the stream stops fetching and never resumes; this record is not handled.
      this.#stallAfter = undefined;
      this.#frozen = gen;
      gen.stream.pause();
      return;
    }
    const id = `${message.topic}:${message.partition}`;
    gen.inFlight++;
    if (gen.inFlight > 2000) gen.stream.pause();
    else if (this.givesWay?.pressed && !this.#givingWay) this.#giveWay(gen, this.givesWay);
    let queue = gen.queues.get(id);
    if (!queue) {
      queue = [];
      gen.queues.set(id, queue);
    }
    queue.push(message);
    if (!gen.chains.has(id)) {
      const worker = this.#drain(gen, id).finally(() => gen.chains.delete(id));
      gen.chains.set(id, worker);
    }
  }

  /** The handler waits while commands press; so does fetching (what was fetched stays queued). */
  #giveWay(gen: Generation, pressure: RequestPressure): void {
    this.#givingWay = true;
    gen.stream.pause();
    void pressure.calm().then(() => {
      this.#givingWay = false;
      if (this.#gen === gen && gen.inFlight < 500 && this.#frozen !== gen) gen.stream.resume();
    });
  }

  /**
   * Handles a partition's queued records in batches, in order; after each batch's transaction,
   * commits its offset without waiting for the commit (decision 0110).
   */
  async #drain(gen: Generation, id: string): Promise<void> {
    // The stream hands a fetch's records over one by one: let the rest of this fetch queue up
    // first, so the first batch is the whole fetch and not its first record alone.
    await new Promise((r) => setImmediate(r));
    const queue = gen.queues.get(id);
    while (queue && queue.length > 0 && this.#gen === gen) {
      const batch = queue.splice(0, 100);
      await this.#handle(gen, batch);
      gen.inFlight -= batch.length;
      if (gen.inFlight < 500 && !this.#givingWay && gen.stream.isPaused() && this.#frozen !== gen) gen.stream.resume();
    }
  }

  /** Infrastructure failures retry the same batch, so order holds. */
  async #handle(gen: Generation, batch: Record_[]): Promise<void> {
    const last = batch[batch.length - 1];
    if (!last) return;
    for (let attempt = 1; this.#gen === gen; attempt++) {
      try {
        await this.handler(
          batch.map((m) => {
            const event = parseEnvelope(m);
            return { topic: event.type, partition: m.partition, offset: Number(m.offset), event };
          }),
        );
        crashPoint('consumer.after-effect');
        this.#commit(gen, `${last.topic}:${last.partition}`, last, 1);
        return;
      } catch (err) {
        // Left the group meanwhile: the next owner handles these records again.
        if (this.#gen !== gen) return;
        this.log.warn({ err, group: this.group, topic: last.topic, attempt }, 'kafka records not handled; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }

  /**
   * Commits a handled batch's offset (its last record's) in the background: the partition's
   * next batch is handled meanwhile (decision 0110). The library merges commits in flight into
   * one request per round trip, each covering every offset before it, so a commit never moves
   * a partition back. A commit that does not settle within `commitTimeoutMs` rejoins the group
   * (StallTuning); one that fails is tried again unless a later batch's commit covers it. Until
   * it lands, a new owner of the partition gets these records again and the inbox drops them.
   */
  #commit(gen: Generation, id: string, last: Record_, attempt: number): void {
    gen.handled.set(id, last);
    const { commitTimeoutMs } = this.#stall;
    const hang = this.#hangCommitAfter !== undefined && --this.#hangCommitAfter < 0;
    if (hang) this.#hangCommitAfter = undefined;
    const commit = hang ? new Promise<void>(() => undefined) : Promise.resolve().then(() => last.commit());
    const settled = settleWithin([commit], commitTimeoutMs).then(
      (inTime) => {
        if (this.#gen !== gen) return;
        if (inTime) this.#lastProgress = performance.now();
        // The effects are in; the next owner of the partition skips them through the inbox.
        else this.#restartSoon(`an offset commit did not settle in ${Math.round(commitTimeoutMs / 1000)} s`);
      },
      async (err: unknown) => {
        if (this.#gen !== gen) return;
        this.log.warn({ err, group: this.group, partition: id, attempt }, 'kafka offset commit failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        // A later batch's commit covers this one.
        if (this.#gen === gen && gen.handled.get(id) === last) this.#commit(gen, id, last, attempt + 1);
      },
    );
    gen.commits.set(id, settled);
    void settled.finally(() => {
      if (gen.commits.get(id) === settled) gen.commits.delete(id);
    });
  }

  /**
   * Leaves the group: fetching stops, what was fetched but not begun is dropped, the batches
   * being handled get `graceMs` to finish and commit, then the member leaves and the broker
   * hands its partitions to the others at once. A replay waits for every batch instead.
   */
  async stop(graceMs = LEAVE_GRACE_MS): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#watch);
    this.#watch = undefined;
    const gen = this.#gen;
    if (!gen) return;
    gen.stream.pause();
    for (const queue of gen.queues.values()) queue.length = 0;
    // Batches being handled may still commit: the generation ends only after the grace.
    const deadline = performance.now() + graceMs;
    await settleWithin([...gen.chains.values()], graceMs);
    // Their commits too (pipelined, decision 0110), within what is left of the grace.
    await settleWithin([...gen.commits.values()], Math.max(0, deadline - performance.now()));
    this.#gen = undefined;
    await closeWithin(gen, CLOSE_GRACE_MS);
  }
}

/**
 * Waits for the promises to settle, for at most `ms` (infinite: for as long as they take).
 * True when they all settled in time; a rejection counts as settled only for the wait: it is
 * thrown to the caller.
 */
async function settleWithin(promises: Promise<unknown>[], ms: number): Promise<boolean> {
  if (!Number.isFinite(ms)) {
    await Promise.all(promises);
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([Promise.all(promises).then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a generation's stream, then its consumer (leaving the group), each for at most `ms`. */
async function closeWithin(gen: Generation, ms: number): Promise<void> {
  await settleWithin([gen.stream.close().catch(() => undefined)], ms);
  await settleWithin([gen.consumer.close(true).catch(() => undefined)], ms);
}

const STALL_POINTS = ['consumer.fetch', 'consumer.commit', 'consumer.join'] as const;

/**
 * TEST ONLY, the stall switch: `COORDINA_TEST_STALL=consumer.fetch:N` stops each
 * subscription's stream after N records; `consumer.commit:N` makes the commit after N
 * settled ones never settle; `consumer.join:N` makes the join after N settled ones never
 * settle. No error is raised: only the watchdog and the join deadline can notice. Several
 * points are separated by commas.
 */
function stallSwitch(point: (typeof STALL_POINTS)[number]): number | undefined {
  const value = process.env.COORDINA_TEST_STALL;
  if (!value) return undefined;
  let found: number | undefined;
  for (const part of value.split(',')) {
    const [name, n] = part.split(':');
    const count = Number(n);
    if (!STALL_POINTS.some((p) => p === name) || !Number.isInteger(count) || count < 0)
      throw new Error(`COORDINA_TEST_STALL: expected ${STALL_POINTS.join(':N, ')}:N (comma-separated), got "${value}"`);
    if (name === point) found = count;
  }
  return found;
}

/** A record that is not a CloudEvent still reaches the runner, which parks it with the reason. */
function parseEnvelope(message: Message<string, string, string, string>): CloudEvent {
  try {
    const e = JSON.parse(message.value) as CloudEvent;
    if (e && typeof e.id === 'string' && typeof e.type === 'string' && typeof e.subject === 'string') return e;
  } catch {
    // falls through to the wrapper below
  }
  return {
    specversion: '1.0',
    id: `00000000-0000-4000-8000-${message.offset.toString(16).padStart(12, '0').slice(-12)}`,
    source: 'kafka',
    type: message.topic,
    subject: message.key || `${message.topic}:${message.partition}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: 'urn:coordina:unparseable',
    data: { unparseable: String(message.value).slice(0, 2000) },
  };
}
