import pino from 'pino';
import { type ConsumerGroupTuning, KafkaBroker, type StallTuning } from '../src/transport/kafka.broker';

/**
 * One member of a consumer group, in a process of its own so that it can be killed
 * (kafka.failover.test.ts, `coordina bench failover`). Configured by COORDINA_FAILOVER_CHILD
 * (JSON); writes a JSON line to stdout for every record it handles ({ p, id, t }), one when it
 * has joined ({ ready }) and one when it has left the group after SIGTERM ({ left }).
 */
interface ChildConfig {
  brokers: string[];
  prefix: string;
  group: string;
  topic: string;
  partitions: number;
  tuning?: ConsumerGroupTuning;
  stall?: StallTuning;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.COORDINA_FAILOVER_CHILD ?? '') as ChildConfig;
  const broker = new KafkaBroker(
    {
      brokers: config.brokers,
      clientId: `failover-${process.pid}`,
      topicPrefix: config.prefix,
      partitions: config.partitions,
      group: config.tuning,
      stall: config.stall,
    },
    // Warnings go to stderr: stdout carries the records.
    pino({ level: 'warn' }, pino.destination(2)),
  );
  const sub = await broker.subscribe(config.group, [config.topic], async (records) => {
    const t = Date.now();
    process.stdout.write(
      records.map((r) => `${JSON.stringify({ p: r.partition, id: r.event.id, key: r.event.subject, t })}\n`).join(''),
    );
  });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  process.once('SIGTERM', () => {
    void (async () => {
      const t0 = Date.now();
      await sub.stop();
      process.stdout.write(`${JSON.stringify({ left: true, ms: Date.now() - t0 })}\n`);
      await broker.close();
      process.exit(0);
    })();
  });
}

main().catch((err) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
