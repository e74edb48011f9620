import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedPostgresServer } from '@coordina/platform/runtime';
import { uniquePrefix } from '@coordina/platform/testing';
import { eventsBench } from './bench/events.bench';
import { failoverBench, failoverTable } from './bench/failover.bench';
import { gatewayBench } from './bench/gateway.bench';
import { queueBench } from './bench/queue.bench';
import { type RushResult, rushTable, ticketRush } from './bench/rush.bench';
import { soakBench, soakCsv, soakSvg } from './bench/soak.bench';
import { machine, type Row, table } from './bench/stats';
import { benchEnv, distributedBookings, embeddedBookings, embeddedRush } from './bench/topology.bench';
import { traceCommand } from './bench/trace.bench';
import { KafkaServer } from './kafka.server';
import { Topology } from './topology';

const BENCH_DIR = resolve(__dirname, '../../../../bench');

/**
 * `coordina bench`: side-by-side measurements in one run, written to bench/RESULTS.md.
 * `coordina bench failover [--runs N]`: how fast a dead consumer's partitions move (bench/FAILOVER.md).
 * `coordina bench soak [--minutes M] [--rate R] [--sample S]`: mixed traffic at a fixed rate;
 * memory, consumer lag and p99 over time (bench/soak.svg, soak.csv, SOAK.md). Not run in CI.
 */
export async function benchCommand(args: string[]): Promise<number> {
  if (args[0] === 'failover') return failoverCommand(args.slice(1));
  if (args[0] === 'soak') return soakCommand(args.slice(1));
  if (args[0] === 'trace') return traceCommand(args.slice(1));
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
      'Two members of one consumer group, each in its own process, share a topic of 4 partitions while keyed events arrive on every partition every 100 ms. One member is killed (SIGKILL) or stopped (SIGTERM); "moved after" is the time from the signal until the survivor handled a record of every partition the other one owned. Every run also checks that no event was lost. See docs/decisions/0018-consumer-failover.md.',
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

async function soakCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { minutes: { type: 'string' }, rate: { type: 'string' }, sample: { type: 'string' } },
  });
  const minutes = Number(values.minutes ?? '30');
  const rate = Number(values.rate ?? '20');
  const sampleSeconds = Number(values.sample ?? (minutes >= 10 ? '30' : '10'));
  const dir = mkdtempSync(join(tmpdir(), 'coordina-soak-'));
  const pgDir = join(dir, 'pg');
  const kafkaDir = join(dir, 'kafka');
  const pg = new EmbeddedPostgresServer(pgDir, { durable: false, persistent: false });
  const kafka = new KafkaServer(kafkaDir);
  const [pgUrl, brokers] = await Promise.all([pg.start(), kafka.start()]);
  const dbPrefix = uniquePrefix();
  const topology = new Topology({
    dir: join(dir, 'up'),
    postgresUrl: pgUrl,
    kafkaBrokers: brokers,
    dbPrefix,
    seedDemo: true,
    env: benchEnv,
  });
  try {
    await topology.start();
    const r = await soakBench(topology, { minutes, rate, sampleSeconds, kafkaDir, pgDir, pgUrl, dbPrefix, brokers });
    const when = `${machine()}, ${new Date().toISOString()}`;
    const caption = `npm run bench -- soak --minutes ${minutes} --rate ${rate} (distributed topology)\n${when}`;
    writeFileSync(join(BENCH_DIR, 'soak.csv'), soakCsv(r.samples));
    writeFileSync(join(BENCH_DIR, 'soak.svg'), soakSvg(r.samples, caption));
    const answers = r.samples.reduce((s, x) => s + x.requests, 0);
    const errors = r.samples.reduce((s, x) => s + x.errors, 0);
    const skipped = r.samples.reduce((s, x) => s + x.skipped, 0);
    const p99s = r.samples.map((s) => s.p99).filter(Number.isFinite);
    const grows = r.trend.filter((t) => !t.levelled);
    const out = [
      '# Soak',
      '',
      `Command: \`npm run bench -- soak --minutes ${minutes} --rate ${rate} --sample ${sampleSeconds}\` on ${when}.`,
      '',
      `Mixed traffic of both systems through nginx and the gateways of the distributed topology, at a fixed ${rate} requests/s whatever the answers: ${Object.entries(
        r.kinds,
      )
        .map(([k, v]) => `${k} ${v.sent} (${v.errors} not 2xx)`)
        .join(', ')}. ${answers} answers, ${errors} not 2xx, ${skipped} sends skipped (too many unanswered).`,
      '',
      `Answer p99 per ${sampleSeconds} s window: min ${Math.min(...p99s).toFixed(0)} ms, median ${[...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)]?.toFixed(0)} ms, max ${Math.max(...p99s).toFixed(0)} ms. Kafka lag (records not committed by the groups) max ${Math.max(...r.samples.map((s) => s.kafkaLag))}, last ${r.samples.at(-1)?.kafkaLag}; outbox rows unpublished max ${Math.max(...r.samples.map((s) => s.outbox))}, last ${r.samples.at(-1)?.outbox}.`,
      '',
      '![soak](soak.svg)',
      '',
      'Memory per process: private dirty pages plus swap (MiB) from /proc/PID/smaps_rollup, what a leak would grow (PostgreSQL: the server and its backends); slope in MiB/min over the first and the last third of the run. Growth levels off when the last third grows by at most 1 MiB/min, or at most half as fast as the first, or never rises more than 5% above the peak of the first two thirds (V8 grows its heap in steps and gives pages back after collections; a leak keeps raising the peak).',
      '',
      '| process | start MiB | end MiB | first third MiB/min | last third MiB/min | peak before MiB | peak last third MiB | levels off |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...r.trend.map(
        (t) =>
          `| ${t.name} | ${t.startMiB.toFixed(0)} | ${t.endMiB.toFixed(0)} | ${t.first.toFixed(2)} | ${t.last.toFixed(2)} | ${t.peakBefore.toFixed(0)} | ${t.peakLast.toFixed(0)} | ${t.levelled ? 'yes' : '**no**'} |`,
      ),
      '',
      grows.length === 0
        ? 'Memory levelled off in every process.'
        : `Still growing at the end: ${grows.map((g) => g.name).join(', ')}.`,
      minutes < 10
        ? `\nA short run: its thirds (${Math.round((minutes * 60) / 3)} s) are mostly warm-up, so the verdict says little; the soak is meant to run 30 minutes.\n`
        : '',
      'Data: soak.csv.',
      '',
    ].join('\n');
    process.stdout.write(`${out}\n`);
    writeFileSync(join(BENCH_DIR, 'SOAK.md'), out);
  } finally {
    await topology.stop();
    await kafka.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
