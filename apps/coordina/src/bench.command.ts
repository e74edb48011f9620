import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedPostgresServer } from '@coordina/platform/runtime';
import { uniquePrefix } from '@coordina/platform/testing';
import { failoverBench, failoverTable } from './bench/failover.bench';
import { type MainBenchOptions, mainBench } from './bench/main.bench';
import { parseOnly } from './bench/results';
import { soakBench, soakCsv, soakSvg } from './bench/soak.bench';
import { machine } from './bench/stats';
import { benchEnv } from './bench/topology.bench';
import { traceCommand } from './bench/trace.bench';
import { KafkaServer } from './kafka.server';
import { Topology } from './topology';

const BENCH_DIR = resolve(__dirname, '../../../../bench');

/**
 * `coordina bench [--only ROWS] [--out FILE] ...`: side-by-side measurements in one run,
 * written to bench/RESULTS.md and bench/results.json (see bench/main.bench.ts). With `--only`
 * (e.g. `--only events,start`) just those rows run; their numbers go to bench/results.partial.json
 * (or `--out`) and RESULTS.md stays as it is, so rerunning one row never replaces a full run.
 * `--database-url` and `--kafka-brokers` use running servers instead of starting embedded ones.
 * `coordina bench failover [--runs N]`: how fast a dead consumer's partitions move (bench/FAILOVER.md).
 * `coordina bench trace [--n N]`: where the time goes, per span (bench/TRACES.md, which RESULTS.md links and
 * a full run leaves as it is).
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
      rate: { type: 'string' },
      'steady-seconds': { type: 'string' },
      'saga-rate': { type: 'string' },
      'saga-seconds': { type: 'string' },
      'idle-seconds': { type: 'string' },
      'no-kafka': { type: 'boolean' },
      'gamevault-products': { type: 'string' },
      'gamevault-requests': { type: 'string' },
      'gamevault-review-rate': { type: 'string' },
      'gamevault-review-seconds': { type: 'string' },
      'gamevault-readers': { type: 'string' },
      'gamevault-orders': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      'database-url': { type: 'string' },
      'kafka-brokers': { type: 'string' },
    },
  });
  const num = (name: keyof typeof values, fallback: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (typeof raw !== 'string' || !Number.isFinite(n) || n < 0) throw new Error(`--${name}: not a number ≥ 0: ${raw}`);
    return n;
  };
  const only = parseOnly(values.only);
  const options: MainBenchOptions = {
    events: Math.round(num('events', 5000)),
    bookings: Math.round(num('bookings', 200)),
    seconds: num('seconds', 10),
    backlog: Math.round(num('backlog', 100_000)),
    buyers: Math.round(num('buyers', 2000)),
    seats: Math.round(num('seats', 1000)),
    rate: num('rate', 1000),
    steadySeconds: num('steady-seconds', 10),
    sagaRate: num('saga-rate', 5),
    sagaSeconds: num('saga-seconds', 10),
    idleSeconds: num('idle-seconds', 10),
    noKafka: values['no-kafka'] ?? false,
    // 1,000,000 products unless asked otherwise (GAMEVAULT_BENCH_PRODUCTS for quick runs).
    gamevaultProducts: Math.round(num('gamevault-products', Number(process.env.GAMEVAULT_BENCH_PRODUCTS ?? 1_000_000))),
    gamevaultRequests: Math.round(num('gamevault-requests', 400)),
    gamevaultReviewRate: num('gamevault-review-rate', 500),
    gamevaultReviewSeconds: num('gamevault-review-seconds', 60),
    gamevaultReaders: Math.round(num('gamevault-readers', 10_000)),
    gamevaultOrders: Math.round(num('gamevault-orders', 200)),
    only,
    databaseUrl: values['database-url'],
    kafkaBrokers: values['kafka-brokers']?.split(',').map((b) => b.trim()),
  };
  const out = resolve(values.out ?? join(BENCH_DIR, only ? 'results.partial.json' : 'results.json'));
  const { results, markdown } = await mainBench(options);
  process.stdout.write(`${markdown}\n`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`coordina bench: results in ${out}\n`);
  if (!only && !values.out) writeFileSync(join(BENCH_DIR, 'RESULTS.md'), markdown);
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
