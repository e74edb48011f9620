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
import { type Row, summarize } from './stats';

const Ping = defineEvent({
  topic: 'bench.pinged',
  version: 1,
  key: (d) => d.key,
  schema: z.object({ key: z.string(), sentAt: z.number() }),
});

const log = createLogger({ level: 'silent' });

async function freshDb(adminUrl: string, name: string, migrations: typeof serviceMigrations): Promise<Database> {
  const db = `b${randomBytes(4).toString('hex')}_${name}`;
  await ensureDatabase(adminUrl, db);
  const d = new Database(withDatabase(adminUrl, db), { max: 20 });
  await migrate(d, 'platform', migrations);
  return d;
}

/** Outbox → broker → consumer with inbox: events per second and end-to-end latency. */
async function coordina(name: string, pgUrl: string, broker: LogBroker, n: number, extra: Database[]): Promise<Row> {
  const db = await freshDb(pgUrl, 'svc', serviceMigrations);
  const bus = new EventBus('bench', db, broker, log);
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => {
    done = r;
  });
  bus.subscribe({
    group: `bench-${randomBytes(3).toString('hex')}`,
    handlers: [
      on(Ping, async (d) => {
        latencies.push(Date.now() - d.sentAt);
        if (latencies.length === n) done();
      }),
    ],
  });
  await bus.start();
  const started = performance.now();
  const batch = 50;
  const writers = 4;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w * batch; i < n; i += batch * writers) {
        await db.transaction(async (tx) => {
          for (let j = i; j < Math.min(n, i + batch); j++)
            await bus.publish(tx, Ping, { key: `k${j % 64}`, sentAt: Date.now() });
        });
      }
    }),
  );
  const published = (performance.now() - started) / 1000;
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await bus.stop();
  await broker.close();
  await db.close();
  for (const d of extra) await d.close();
  return summarize(name, n, seconds, latencies, `all published after ${published.toFixed(1)} s`);
}

/** The raw client alone: produce → consume with @platformatic/kafka, no outbox, no inbox. */
async function rawKafka(brokers: string[], n: number): Promise<Row> {
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
  const latencies: number[] = [];
  const finished = new Promise<void>((resolve) => {
    stream.on('data', (m) => {
      latencies.push(Date.now() - Number(JSON.parse(m.value).sentAt));
      if (latencies.length === n) resolve();
    });
  });
  const started = performance.now();
  const batch = 50;
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let i = w * batch; i < n; i += batch * 4) {
        const messages = [];
        for (let j = i; j < Math.min(n, i + batch); j++)
          messages.push({ topic, key: `k${j % 64}`, value: JSON.stringify({ sentAt: Date.now() }) });
        await producer.send({ messages });
      }
    }),
  );
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await stream.close();
  await consumer.close(true);
  await producer.close();
  return summarize('raw @platformatic/kafka produce → consume', n, seconds, latencies);
}

export async function eventsBench(pgUrl: string, brokers: string[] | undefined, n: number): Promise<Row[]> {
  const rows: Row[] = [];
  const logDb = await freshDb(pgUrl, 'log', logMigrations);
  rows.push(
    await coordina('Coordina outbox → PostgreSQL log → consumer + inbox', pgUrl, new PgLogBroker(logDb, log), n, [
      logDb,
    ]),
  );
  if (brokers) {
    rows.push(await rawKafka(brokers, n));
    const kb = new KafkaBroker(
      { brokers, clientId: 'bench', topicPrefix: `b${randomBytes(3).toString('hex')}.`, partitions: 8 },
      log,
    );
    rows.push(await coordina('Coordina outbox → Kafka → consumer + inbox', pgUrl, kb, n, []));
  }
  return rows;
}
