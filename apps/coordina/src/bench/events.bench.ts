import { randomBytes } from 'node:crypto';
import { createLogger, Database, defineEvent, on, withDatabase } from '@coordina/platform';
import {
  EventBus,
  ensureDatabase,
  KafkaBroker,
  type LogBroker,
  logMigrations,
  migrate,
  PgLogBroker,
  serviceMigrations,
} from '@coordina/platform/runtime';
import { z } from 'zod';
import { hopStats, nowMs, openLoop, type Scheduled, until } from './open-loop';
import { type Row, summarize } from './stats';

const Ping = defineEvent({
  topic: 'bench.pinged',
  version: 1,
  key: (d) => d.key,
  schema: z.object({ key: z.string(), sentAt: z.number(), i: z.number().int() }),
});

const log = createLogger({ level: 'silent' });
const KEYS = 64;
const PROBE = -1;

async function freshDb(adminUrl: string, name: string, migrations: typeof serviceMigrations): Promise<Database> {
  const db = `b${randomBytes(4).toString('hex')}_${name}`;
  await ensureDatabase(adminUrl, db);
  const d = new Database(withDatabase(adminUrl, db), { max: 20 });
  await migrate(d, 'platform', migrations);
  return d;
}

/**
 * One path from a producer to a consumer: `send` writes the items (with their due time as
 * `sentAt`) in one go, and `latencies` holds, by sequence number, the time from `sentAt` until
 * the consumer's handler saw the item (the first time, should it be delivered again).
 */
interface Pipe {
  send(items: Scheduled[]): Promise<void>;
  latencies: Map<number, number>;
  close(): Promise<void>;
}

function received(latencies: Map<number, number>, i: number, sentAt: number): void {
  if (!latencies.has(i)) latencies.set(i, nowMs() - sentAt);
}

/** Outbox (in the producer's transaction) → relay → broker → consumer with inbox. */
async function coordinaPipe(pgUrl: string, broker: LogBroker, extra: Database[]): Promise<Pipe> {
  const db = await freshDb(pgUrl, 'svc', serviceMigrations);
  const bus = new EventBus('bench', db, broker, log);
  const latencies = new Map<number, number>();
  bus.subscribe({
    group: `bench-${randomBytes(3).toString('hex')}`,
    handlers: [on(Ping, async (d) => received(latencies, d.i, d.sentAt))],
  });
  await bus.start();
  return {
    latencies,
    // One outbox statement per transaction (publishMany), as the raw client sends one request per batch.
    send: (items) =>
      db.transaction(async (tx) => {
        await bus.publishMany(
          tx,
          Ping,
          items.map((x) => ({ key: `k${x.i % KEYS}`, sentAt: x.at, i: x.i })),
        );
      }),
    close: async () => {
      await bus.stop();
      await broker.close();
      await db.close();
      for (const d of extra) await d.close();
    },
  };
}

/** The raw client alone: produce → consume with @platformatic/kafka, no outbox, no inbox. */
async function rawKafkaPipe(brokers: string[]): Promise<Pipe> {
  const k = await import('@platformatic/kafka');
  const topic = `bench-raw-${randomBytes(3).toString('hex')}`;
  const admin = new k.Admin({ clientId: 'bench-admin', bootstrapBrokers: brokers });
  await admin.createTopics({ topics: [topic], partitions: 8, replicas: 1 });
  await admin.close();
  const producer = new k.Producer({
    clientId: 'bench-p',
    bootstrapBrokers: brokers,
    serializers: k.stringSerializers,
    idempotent: true,
    acks: -1,
  });
  const consumer = new k.Consumer({
    clientId: 'bench-c',
    groupId: topic,
    bootstrapBrokers: brokers,
    deserializers: k.stringDeserializers,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: true, maxWaitTime: 200 });
  const latencies = new Map<number, number>();
  stream.on('data', (m) => {
    const v = JSON.parse(m.value) as { sentAt: number; i: number };
    received(latencies, v.i, v.sentAt);
  });
  return {
    latencies,
    send: async (items) => {
      await producer.send({
        messages: items.map((x) => ({
          topic,
          key: `k${x.i % KEYS}`,
          value: JSON.stringify({ sentAt: x.at, i: x.i }),
        })),
      });
    },
    close: async () => {
      await stream.close();
      await consumer.close(true);
      await producer.close();
    },
  };
}

/** Waits until one event went all the way through (the consumer joined and got its partitions). */
async function probe(pipe: Pipe): Promise<void> {
  await pipe.send([{ i: PROBE, at: nowMs() }]);
  if (!(await until(() => pipe.latencies.has(PROBE), 120_000)))
    throw new Error('the probe event did not arrive in 120 s');
  pipe.latencies.delete(PROBE);
}

/** `n` events as fast as 4 writers can write them, in transactions of 50: events/s and latency. */
async function burst(name: string, pipe: Pipe, n: number): Promise<Row> {
  try {
    await probe(pipe);
    const started = performance.now();
    const batch = 50;
    const writers = 4;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w * batch; i < n; i += batch * writers) {
          const items: Scheduled[] = [];
          for (let j = i; j < Math.min(n, i + batch); j++) items.push({ i: j, at: nowMs() });
          await pipe.send(items);
        }
      }),
    );
    const published = (performance.now() - started) / 1000;
    if (!(await until(() => pipe.latencies.size >= n, 300_000)))
      throw new Error(`${n - pipe.latencies.size} of ${n} events did not arrive within 300 s`);
    const seconds = (performance.now() - started) / 1000;
    return summarize(name, n, seconds, [...pipe.latencies.values()], `all published after ${published.toFixed(1)} s`);
  } finally {
    await pipe.close();
  }
}

export interface SteadyOptions {
  rate: number;
  seconds: number;
}

/**
 * Events at a steady `rate` for `seconds` (after one second of warm-up), each written when
 * due in a transaction of its own (the events due at the same millisecond share one):
 * hop latency from the due time to the consumer's handler (decision 0044).
 */
async function steady(name: string, pipe: Pipe, o: SteadyOptions): Promise<Row & { lost: number; max: number }> {
  try {
    await probe(pipe);
    const run = await openLoop({ rate: o.rate, seconds: o.seconds, warmupSeconds: 1, send: (due) => pipe.send(due) });
    const expected = run.total - run.sendErrors;
    await until(() => pipe.latencies.size >= expected, 60_000);
    const s = hopStats(pipe.latencies, run);
    const notes = [`${o.rate} ev/s for ${o.seconds} s, driver reached ${run.achievedRate.toFixed(0)}/s`];
    if (s.lost > 0) notes.push(`${s.lost} not arrived within 60 s after the last send`);
    if (run.sendErrors > 0) notes.push(`${run.sendErrors} sends failed (${run.firstError})`);
    return {
      name,
      perSecond: run.achievedRate,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      lost: s.lost,
      note: notes.join('; '),
    };
  } finally {
    await pipe.close();
  }
}

export type EventsCase =
  | 'pglog.burst'
  | 'pglog.steady'
  | 'kafka_raw.burst'
  | 'kafka_raw.steady'
  | 'kafka.burst'
  | 'kafka.steady';

export const EVENT_CASE_NAMES: Record<EventsCase, string> = {
  'pglog.burst': 'Coordina outbox → PostgreSQL log → consumer + inbox',
  'pglog.steady': 'Coordina outbox → PostgreSQL log → consumer + inbox, steady',
  'kafka_raw.burst': 'raw @platformatic/kafka produce → consume',
  'kafka_raw.steady': 'raw @platformatic/kafka produce → consume, steady',
  'kafka.burst': 'Coordina outbox → Kafka → consumer + inbox',
  'kafka.steady': 'Coordina outbox → Kafka → consumer + inbox, steady',
};

/** Opens a fresh path of the case's kind (own databases, topics and consumer group). */
async function pipeFor(c: EventsCase, pgUrl: string, brokers: string[] | undefined): Promise<Pipe> {
  if (c.startsWith('pglog.')) {
    const logDb = await freshDb(pgUrl, 'log', logMigrations);
    return coordinaPipe(pgUrl, new PgLogBroker(logDb, log), [logDb]);
  }
  if (!brokers) throw new Error('no Kafka (--no-kafka)');
  if (c.startsWith('kafka_raw.')) return rawKafkaPipe(brokers);
  const kb = new KafkaBroker(
    { brokers, clientId: 'bench', topicPrefix: `b${randomBytes(3).toString('hex')}.`, partitions: 8 },
    log,
  );
  return coordinaPipe(pgUrl, kb, []);
}

/**
 * Small produce requests at the steady rate for `seconds`, not measured. Right after it
 * started, the broker served the first producer sending one small request per event
 * 100× slower (p50 ~500 ms for 8 s and more) than every producer after it, so whichever
 * steady case came first measured the broker's warm-up; this run takes that place.
 */
export async function warmKafka(brokers: string[], rate: number, seconds: number): Promise<void> {
  const pipe = await rawKafkaPipe(brokers);
  try {
    await probe(pipe);
    await openLoop({ rate, seconds, warmupSeconds: 0, send: (due) => pipe.send(due) });
  } finally {
    await pipe.close();
  }
}

/** Runs one case: a burst of `n` events or a steady rate. */
export async function eventsCase(
  c: EventsCase,
  pgUrl: string,
  brokers: string[] | undefined,
  n: number,
  steadyOptions: SteadyOptions,
): Promise<Row & { lost?: number; max?: number }> {
  const pipe = await pipeFor(c, pgUrl, brokers);
  const name = EVENT_CASE_NAMES[c];
  return c.endsWith('.burst') ? burst(name, pipe, n) : steady(name, pipe, steadyOptions);
}
