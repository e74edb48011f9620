import type { Admin, Consumer, Message, MessagesStream, Producer } from '@platformatic/kafka';
import type { CloudEvent } from '../contracts/cloud-event';
import type { Logger } from '../observability/logger';
import { crashPoint } from '../runtime/crash-points';
import type { RequestPressure } from '../runtime/request-pressure';
import { type KafkaSecurity, serverName } from '../runtime/transport-security';
import type { LogBroker, PartitionHandler, ReplayFrom, SubscribeOptions, Subscription } from './log-broker';

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
}

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

class KafkaSubscription {
  #consumer: Consumer<string, string, string, string> | undefined;
  #stream: MessagesStream<string, string, string, string> | undefined;
  readonly #chains = new Map<string, Promise<void>>();
  readonly #queues = new Map<string, Message<string, string, string, string>[]>();
  #inFlight = 0;
  /** Fetching is paused until a rush of commands passes. */
  #givingWay = false;
  #stopping = false;
  #restarting = false;

  constructor(
    private readonly broker: KafkaBroker,
    private readonly options: KafkaBrokerOptions,
    private readonly log: Logger,
    readonly group: string,
    private readonly topics: string[],
    private readonly handler: PartitionHandler,
    private readonly givesWay: RequestPressure | undefined,
  ) {}

  async start(): Promise<void> {
    const k = await this.broker.lib();
    this.#stopping = false;
    const group = await this.broker.groupTuning();
    this.#consumer = new k.Consumer({
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
    this.#stream = await this.#consumer.consume({
      topics: this.topics,
      autocommit: false,
      mode: 'committed',
      fallbackMode: 'earliest',
      // A long poll: the broker answers as soon as a record arrives, so this adds no latency;
      // it only stops every idle consumer from asking five times a second (the stream fetches
      // on its own connections, so commits and heartbeats never wait behind it).
      maxWaitTime: 5000,
    });
    const stream = this.#stream;
    stream.on('data', (m) => this.#dispatch(m));
    // Only the current stream may trigger a reconnect; one we closed on purpose may not.
    stream.on('error', (err) => {
      this.log.warn({ err, group: this.group }, 'kafka consumer error; reconnecting');
      if (stream === this.#stream) this.#restartSoon();
    });
    stream.on('close', () => {
      if (stream === this.#stream) this.#restartSoon();
    });
  }

  /** A consumer that lost its stream (broker gone too long) rejoins the group; uncommitted records come again. */
  #restartSoon(): void {
    if (this.#stopping || this.#restarting) return;
    this.#restarting = true;
    const old = { stream: this.#stream, consumer: this.#consumer };
    this.#stream = undefined;
    this.#consumer = undefined;
    void (async () => {
      await Promise.allSettled([...this.#chains.values()]);
      await old.stream?.close().catch(() => undefined);
      await old.consumer?.close(true).catch(() => undefined);
      this.#queues.clear();
      this.#inFlight = 0;
      while (!this.#stopping) {
        await new Promise((r) => setTimeout(r, 1000));
        try {
          await this.start();
          break;
        } catch (err) {
          this.log.warn({ err, group: this.group }, 'kafka consumer restart failed; retrying');
        }
      }
      this.#restarting = false;
    })();
  }

  #dispatch(message: Message<string, string, string, string>): void {
    const id = `${message.topic}:${message.partition}`;
    this.#inFlight++;
    if (this.#inFlight > 2000) this.#stream?.pause();
    else if (this.givesWay?.pressed && !this.#givingWay) this.#giveWay(this.givesWay);
    let queue = this.#queues.get(id);
    if (!queue) {
      queue = [];
      this.#queues.set(id, queue);
    }
    queue.push(message);
    if (!this.#chains.has(id)) {
      const worker = this.#drain(id).finally(() => this.#chains.delete(id));
      this.#chains.set(id, worker);
    }
  }

  /** The handler waits while commands press; so does fetching (what was fetched stays queued). */
  #giveWay(pressure: RequestPressure): void {
    const stream = this.#stream;
    this.#givingWay = true;
    stream?.pause();
    void pressure.calm().then(() => {
      this.#givingWay = false;
      if (stream === this.#stream && this.#inFlight < 500) stream?.resume();
    });
  }

  /** Handles a partition's queued records in batches, in order; commits after each batch. */
  async #drain(id: string): Promise<void> {
    const queue = this.#queues.get(id);
    while (queue && queue.length > 0 && !this.#stopping) {
      const batch = queue.splice(0, 100);
      await this.#handle(batch);
      this.#inFlight -= batch.length;
      if (this.#inFlight < 500 && !this.#givingWay && this.#stream?.isPaused()) this.#stream.resume();
    }
  }

  /** Infrastructure failures retry the same batch, so order holds. */
  async #handle(batch: Message<string, string, string, string>[]): Promise<void> {
    const last = batch[batch.length - 1];
    if (!last) return;
    for (let attempt = 1; !this.#stopping; attempt++) {
      try {
        await this.handler(
          batch.map((m) => {
            const event = parseEnvelope(m);
            return { topic: event.type, partition: m.partition, offset: Number(m.offset), event };
          }),
        );
        crashPoint('consumer.after-effect');
        await last.commit();
        return;
      } catch (err) {
        // Left the group meanwhile: the next owner handles these records again.
        if (this.#stopping) return;
        this.log.warn({ err, group: this.group, topic: last.topic, attempt }, 'kafka records not handled; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }

  /**
   * Leaves the group: fetching stops, what was fetched but not begun is dropped, the batches
   * being handled get `graceMs` to finish and commit, then the member leaves and the broker
   * hands its partitions to the others at once. A replay waits for every batch instead.
   */
  async stop(graceMs = LEAVE_GRACE_MS): Promise<void> {
    this.#stopping = true;
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.pause();
    for (const queue of this.#queues.values()) queue.length = 0;
    const handled = Promise.allSettled([...this.#chains.values()]);
    if (Number.isFinite(graceMs)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([handled, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    } else await handled;
    await stream?.close();
    await this.#consumer?.close(true);
    this.#consumer = undefined;
    this.#queues.clear();
    this.#inFlight = 0;
  }
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
