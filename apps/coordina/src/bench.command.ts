import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedPostgresServer } from '@coordina/platform';
import { uniquePrefix } from '@coordina/platform/testing';
import { eventsBench } from './bench/events.bench';
import { failoverBench, failoverTable } from './bench/failover.bench';
import { gatewayBench } from './bench/gateway.bench';
import { queueBench } from './bench/queue.bench';
import { type RushResult, rushTable, ticketRush } from './bench/rush.bench';
import { machine, type Row, table } from './bench/stats';
import { benchEnv, distributedBookings, embeddedBookings, embeddedRush } from './bench/topology.bench';
import { KafkaServer } from './kafka.server';
import { Topology } from './topology';

const BENCH_DIR = resolve(__dirname, '../../../../bench');

/**
 * `coordina bench`: side-by-side measurements in one run, written to bench/RESULTS.md.
 * `coordina bench failover [--runs N]`: how fast a dead consumer's partitions move (bench/FAILOVER.md).
 */
export async function benchCommand(args: string[]): Promise<number> {
  if (args[0] === 'failover') return failoverCommand(args.slice(1));
  const { values } = parseArgs({
    args,
    options: {
      events: { type: 'string' },
      bookings: { type: 'string' },
      seconds: { type: 'string' },
      backlog: { type: 'string' },
      buyers: { type: 'string' },
      seats: { type: 'string' },
      'no-kafka': { type: 'boolean' },
    },
  });
  const events = Number.parseInt(values.events ?? '5000', 10);
  const bookings = Number.parseInt(values.bookings ?? '200', 10);
  const buyers = Number.parseInt(values.buyers ?? '2000', 10);
  const seats = Number.parseInt(values.seats ?? '1000', 10);
  const seconds = Number.parseInt(values.seconds ?? '10', 10);
  const dir = mkdtempSync(join(tmpdir(), 'coordina-bench-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
  const kafka = values['no-kafka'] ? undefined : new KafkaServer(join(dir, 'kafka'));
  const [pgUrl, brokers] = await Promise.all([pg.start(), kafka?.start()]);
  try {
    const eventRows = events > 0 ? await eventsBench(pgUrl, brokers, events) : [];
    const raw = eventRows.find((r) => r.name.startsWith('raw'));
    const viaKafka = eventRows.find((r) => r.name.includes('Kafka →'));
    process.stdout.write(`${table(eventRows, 'events')}\n`);
    const backlog = Number.parseInt(values.backlog ?? '100000', 10);
    const queue = backlog > 0 ? await queueBench(pgUrl, backlog) : undefined;
    if (queue) process.stdout.write(`${table([queue], 'jobs')}\n`);
    const embedded = bookings > 0 ? await embeddedBookings(pgUrl, dir, bookings, 10) : undefined;
    const rush: RushResult[] = [];
    if (buyers > 0) rush.push(await embeddedRush(pgUrl, dir, buyers, seats));
    let gateway: Row[] = [];
    let split: Awaited<ReturnType<typeof distributedBookings>> | undefined;
    if (brokers) {
      const topology = new Topology({
        dir: join(dir, 'up'),
        postgresUrl: pgUrl,
        kafkaBrokers: brokers,
        dbPrefix: uniquePrefix(),
        seedDemo: true,
        env: benchEnv,
      });
      try {
        await topology.start();
        if (seconds > 0) gateway = await gatewayBench(topology, dir, seconds);
        process.stdout.write(`${table(gateway, 'requests')}\n`);
        if (bookings > 0) split = await distributedBookings(topology, bookings, 10);
        if (buyers > 0)
          rush.push(
            await ticketRush(
              'distributed: process per service, 2 gateways behind nginx',
              topology.url,
              topology.secrets.jwt,
              buyers,
              seats,
            ),
          );
        process.stdout.write(`${rushTable(rush)}\n`);
      } finally {
        await topology.stop();
      }
    }
    const nginxRow = gateway.find((r) => r.name.startsWith('nginx'));
    const gwRow = gateway.find((r) => r.name.startsWith('Coordina'));
    const out = [
      '# Benchmark results',
      '',
      `Command: \`npm run bench -- --events ${events} --bookings ${bookings} --backlog ${backlog} --buyers ${buyers} --seats ${seats} --seconds ${seconds}\` on ${machine()}, ${new Date().toISOString()}.`,
      'Absolute numbers on a shared 2-core machine are noise; compare rows of one run. Load generators run on the same machine.',
      '',
      `## 1. Gateway (autocannon, 32 connections, GET /api/instudio/salons)`,
      '',
      gateway.length ? table(gateway, 'requests') : '(skipped: needs Kafka)',
      '',
      nginxRow && gwRow
        ? `Ratio Coordina gateway ÷ nginx: throughput ${(gwRow.perSecond / nginxRow.perSecond).toFixed(2)}, p50 ${(gwRow.p50 / Math.max(1, nginxRow.p50)).toFixed(2)}, p99 ${(gwRow.p99 / Math.max(1, nginxRow.p99)).toFixed(2)}. The gateway verifies tokens, counts rate limits in Redis, resolves the route contract and discovers instances; nginx only forwards bytes.`
        : '',
      '',
      `## 2. Events (${events} events, 64 keys, 4 writers in transactions of 50)`,
      '',
      table(eventRows, 'events'),
      '',
      raw && viaKafka
        ? `Ratio Coordina ÷ raw client: throughput ${(viaKafka.perSecond / raw.perSecond).toFixed(2)}, p50 latency ${(viaKafka.p50 / raw.p50).toFixed(2)}, p99 ${(viaKafka.p99 / raw.p99).toFixed(2)} (Coordina adds the outbox write in the business transaction, the relay hop and an inbox transaction per batch).`
        : '',
      '',
      `## 3. Booking saga (${bookings} bookings, POST → CONFIRMED, 10 clients polling every 25 ms)`,
      '',
      table(
        [embedded?.row, split?.row].filter((r): r is Row => r !== undefined),
        'bookings',
      ),
      '',
      '## 4. Co-located vs split',
      '',
      '| topology | CPU s per booking (Node processes) | p50 ms | p99 ms |',
      '|---|---:|---:|---:|',
      ...[embedded, split]
        .filter((x) => x !== undefined)
        .map(
          (x) =>
            `| ${x.row.name} | ${x.cpuPerBooking.toFixed(4)} | ${x.row.p50.toFixed(0)} | ${x.row.p99.toFixed(0)} |`,
        ),
      '',
      embedded && split
        ? `Ratio split ÷ co-located: CPU per booking ${(split.cpuPerBooking / embedded.cpuPerBooking).toFixed(2)}, p50 ${(split.row.p50 / embedded.row.p50).toFixed(2)}. PostgreSQL, Kafka and Redis CPU are not counted.`
        : '',
      '',
      `## 5. Priority queue (urgent jobs while a ${backlog} low-priority backlog drains)`,
      '',
      queue ? table([queue], 'jobs') : '(skipped)',
      '',
      'p50/p99 are the waits of urgent jobs from send to handler start; jobs/s is the backlog drain rate.',
      '',
      `## 6. MusicFest ticket rush (${buyers} concurrent buyers, one ticket each, ${seats} seats, through the entry point)`,
      '',
      rush.length ? rushTable(rush) : '(skipped)',
      '',
      'Every buyer has its own token and Idempotency-Key and sends at the same moment. "accepted req/s" counts 202 answers (PENDING: seats reserved; WAITLISTED: a position and an estimated wait); "waitlist" is the answer time of the waitlisted ones, i.e. the time to get a place in line. Oversell = tickets issued beyond the seats, counted from every completed purchase.',
      '',
    ].join('\n');
    process.stdout.write(`${out}\n`);
    writeFileSync(join(BENCH_DIR, 'RESULTS.md'), out);
  } finally {
    await kafka?.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

async function failoverCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' } } });
  const runs = Number.parseInt(values.runs ?? '3', 10);
  const dir = mkdtempSync(join(tmpdir(), 'coordina-bench-'));
  const kafka = new KafkaServer(join(dir, 'kafka'));
  try {
    const rows = await failoverBench(await kafka.start(), runs);
    const out = [
      '# Consumer failover',
      '',
      `Command: \`npm run bench -- failover --runs ${runs}\` on ${machine()}, ${new Date().toISOString()}.`,
      '',
      'Two members of one consumer group, each in its own process, share a topic of 4 partitions while keyed events arrive on every partition every 100 ms. One member is killed (SIGKILL) or stopped (SIGTERM); "moved after" is the time from the signal until the survivor handled a record of every partition the other one owned. Every run also checks that no event was lost. See docs/decisions/0015-consumer-failover.md.',
      '',
      failoverTable(rows),
      '',
    ].join('\n');
    process.stdout.write(`${out}\n`);
    writeFileSync(join(BENCH_DIR, 'FAILOVER.md'), out);
  } finally {
    await kafka.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
