import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '@coordina/platform/runtime';
import { uniquePrefix } from '@coordina/platform/testing';
import { KafkaServer } from '../kafka.server';
import { Topology } from '../topology';
import { type ChatFanoutResult, type ChatSocketsResult, chatFanoutBench, chatSocketsBench } from './chat.bench';
import { type ChannelFanoutResult, channelFanoutBench } from './chat-channels.bench';
import { EVENT_CASE_NAMES, type EventsCase, eventsCase, warmKafka } from './events.bench';
import { type GamevaultSearchResult, gamevaultSearchBench } from './gamevault.bench';
import { type GamevaultKeysResult, gamevaultKeysBench } from './gamevault-keys.bench';
import { type GamevaultReviewsResult, gamevaultReviewsBench } from './gamevault-reviews.bench';
import { GATEWAY_ROWS, gatewayBench } from './gateway.bench';
import { queueBench } from './queue.bench';
import { BenchResults, gitCommit, type ResultGroup, selection, TRACES_SECTION } from './results';
import { type RushResult, rushTable, ticketRush } from './rush.bench';
import { SETTLE_SECONDS, type StartResult, startBench } from './start.bench';
import { machine, type Row, table } from './stats';
import { benchEnv, distributedBookings, embeddedBookings, embeddedRush, type TopologyRow } from './topology.bench';

export interface MainBenchOptions {
  events: number;
  bookings: number;
  seconds: number;
  backlog: number;
  buyers: number;
  seats: number;
  /** Steady (open-loop) events per second and seconds. */
  rate: number;
  steadySeconds: number;
  /** Steady bookings per second (0: none) and seconds. */
  sagaRate: number;
  sagaSeconds: number;
  /** Seconds of idle CPU measured after the warm start. */
  idleSeconds: number;
  noKafka: boolean;
  /** Products in the GameVault catalog the search row runs on, and its searches of each kind. */
  gamevaultProducts: number;
  gamevaultRequests: number;
  /** The reviews row: reviews a minute and seconds of writing, then distinct readers (one cached read each). */
  gamevaultReviewRate: number;
  gamevaultReviewSeconds: number;
  gamevaultReaders: number;
  /** Digital orders of the webhook → key row. */
  gamevaultOrders: number;
  /** Rows to run (`--only`); all when undefined. */
  only: string[] | undefined;
  /** Existing servers to use instead of starting embedded ones. */
  databaseUrl?: string;
  kafkaBrokers?: string[];
}

export interface MainBenchOutput {
  results: Record<string, unknown>;
  markdown: string;
}

type Steady = Row & { lost?: number; max?: number };

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/** The command line that reproduces the run, for RESULTS.md and results.json. */
export function commandLine(o: MainBenchOptions): string {
  const parts = [
    `--events ${o.events}`,
    `--bookings ${o.bookings}`,
    `--backlog ${o.backlog}`,
    `--buyers ${o.buyers}`,
    `--seats ${o.seats}`,
    `--seconds ${o.seconds}`,
    `--rate ${o.rate}`,
    `--steady-seconds ${o.steadySeconds}`,
    `--saga-rate ${o.sagaRate}`,
    `--saga-seconds ${o.sagaSeconds}`,
    `--idle-seconds ${o.idleSeconds}`,
  ];
  parts.push(`--gamevault-products ${o.gamevaultProducts}`, `--gamevault-requests ${o.gamevaultRequests}`);
  parts.push(
    `--gamevault-review-rate ${o.gamevaultReviewRate}`,
    `--gamevault-review-seconds ${o.gamevaultReviewSeconds}`,
    `--gamevault-readers ${o.gamevaultReaders}`,
    `--gamevault-orders ${o.gamevaultOrders}`,
  );
  if (o.noKafka) parts.push('--no-kafka');
  if (o.only) parts.push(`--only ${o.only.join(',')}`);
  return `npm run bench -- ${parts.join(' ')}`;
}

/**
 * `coordina bench`: every row side by side in one run. Each row runs on its own: one that
 * fails (or is not asked for with `--only`) leaves its numbers null with the reason, and the
 * others still run.
 */
export async function mainBench(o: MainBenchOptions): Promise<MainBenchOutput> {
  const wants = selection(o.only);
  const results = new BenchResults();
  const loadBefore = loadavg();
  const commit = gitCommit();
  const startedAt = new Date();
  const say = (text: string) => process.stdout.write(`${text}\n`);
  /** Runs one measurement; a failure is recorded against its groups and the bench goes on. */
  const attempt = async <T>(groups: ResultGroup[], what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      process.stderr.write(`coordina bench: ${what} failed: ${err instanceof Error ? err.stack : err}\n`);
      for (const g of groups) results.fail(g, `${what} failed: ${message(err)}`);
      return undefined;
    }
  };
  const dir = mkdtempSync(join(tmpdir(), 'coordina-bench-'));
  let start: StartResult | undefined;
  const eventRows = new Map<EventsCase, Steady>();
  let queue: Row | undefined;
  let embedded: TopologyRow | undefined;
  let split: TopologyRow | undefined;
  const rush: RushResult[] = [];
  let gateway: Row[] = [];
  let gamevault: GamevaultSearchResult | undefined;
  let reviews: GamevaultReviewsResult | undefined;
  let keys: GamevaultKeysResult | undefined;
  let channels: ChannelFanoutResult | undefined;
  let chatFanout: ChatFanoutResult | undefined;
  let chatSockets: ChatSocketsResult | undefined;
  const needsTopology = wants('gateway') || wants('saga.distributed') || wants('rush.distributed');
  const needsKafka = !o.noKafka && (wants('events.kafka') || needsTopology);
  const needsPg =
    wants('events') ||
    wants('queue') ||
    wants('saga') ||
    wants('rush') ||
    wants('gateway') ||
    wants('gamevault') ||
    wants('chat');
  let pg: EmbeddedPostgresServer | undefined;
  let kafka: KafkaServer | undefined;
  try {
    // First, while nothing else of the bench runs: `npm start` is what a developer does.
    if (wants('start')) {
      start = await attempt(['start'], '`npm start`', () => startBench(dir, o.idleSeconds));
      if (start)
        results.set('start', {
          'start.cold_ms': start.coldMs,
          'start.warm_ms': start.warmMs,
          'start.idle_cpu_percent': start.idleCpuPercent,
          'start.idle_seconds': start.idleSeconds,
        });
      if (start) say(startTable(start));
    }
    let pgUrl = o.databaseUrl;
    let brokers = o.noKafka ? undefined : o.kafkaBrokers;
    if (needsPg && !pgUrl) {
      pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
      pgUrl = await attempt(
        allGroups().filter((g) => g !== 'start'),
        'starting PostgreSQL',
        () => (pg as EmbeddedPostgresServer).start(),
      );
    }
    // The embedded rows run `coordina start` as a user would: on the server's Unix socket when the
    // bench started the server (decision 0109); the distributed rows stay on TCP, as across hosts.
    const localPgUrl = pg && pgUrl ? pg.localUrl : pgUrl;
    if (needsKafka && !brokers) {
      kafka = new KafkaServer(join(dir, 'kafka'));
      const kafkaGroups = allGroups().filter(
        (g) => g.startsWith('events.kafka') || /^(gateway|service|.*distributed)/.test(g),
      );
      brokers = await attempt(kafkaGroups, 'starting Kafka', () => (kafka as KafkaServer).start());
    }
    const noKafkaReason = o.noKafka ? 'not run: --no-kafka' : 'not run: Kafka did not start';

    // 2. Events: bursts, then steady rates.
    if (pgUrl && wants('events')) {
      const cases: EventsCase[] = [];
      const bursts = o.events > 0;
      const steadies = o.rate > 0 && o.steadySeconds > 0;
      if (wants('events.pglog')) cases.push(...(bursts ? ['pglog.burst' as const] : []));
      if (wants('events.kafka')) cases.push(...(bursts ? ['kafka_raw.burst' as const, 'kafka.burst' as const] : []));
      if (wants('events.pglog')) cases.push(...(steadies ? ['pglog.steady' as const] : []));
      if (wants('events.kafka'))
        cases.push(...(steadies ? ['kafka_raw.steady' as const, 'kafka.steady' as const] : []));
      let warmed = false;
      for (const c of cases) {
        const group = `events.${c}` as ResultGroup;
        if (c.startsWith('kafka') && !brokers) {
          results.fail(group, noKafkaReason);
          continue;
        }
        if (brokers && c.startsWith('kafka') && c.endsWith('.steady') && !warmed) {
          warmed = true;
          await warmKafka(brokers, o.rate, Math.min(5, o.steadySeconds)).catch((err: unknown) =>
            say(`Kafka warm-up failed: ${message(err)}`),
          );
        }
        const row = await attempt([group], EVENT_CASE_NAMES[c], () =>
          eventsCase(c, pgUrl, brokers, o.events, { rate: o.rate, seconds: o.steadySeconds }),
        );
        if (!row) continue;
        eventRows.set(c, row);
        say(table([row], 'events'));
      }
      for (const kind of ['pglog', 'kafka_raw', 'kafka'] as const) {
        const b = eventRows.get(`${kind}.burst`);
        if (b && kind !== 'kafka')
          results.set(`events.${kind}.burst`, {
            [`events.${kind}.burst_per_second`]: b.perSecond,
            [`events.${kind}.burst_p50_ms`]: b.p50,
            [`events.${kind}.burst_p99_ms`]: b.p99,
          });
        const s = eventRows.get(`${kind}.steady`);
        if (s)
          results.set(`events.${kind}.steady`, {
            [`events.${kind}.steady_rate_per_second`]: s.perSecond,
            [`events.${kind}.steady_hop_p50_ms`]: s.p50,
            [`events.${kind}.steady_hop_p99_ms`]: s.p99,
            [`events.${kind}.steady_hop_max_ms`]: s.max ?? Number.NaN,
            [`events.${kind}.steady_lost`]: s.lost ?? Number.NaN,
          });
      }
      const kb = eventRows.get('kafka.burst');
      const raw = eventRows.get('kafka_raw.burst');
      if (kb)
        results.set('events.kafka.burst', {
          'events.kafka.throughput_ratio_vs_raw': raw ? kb.perSecond / raw.perSecond : Number.NaN,
          'events.kafka.burst_per_second': kb.perSecond,
          'events.kafka.burst_p50_ms': kb.p50,
          'events.kafka.burst_p99_ms': kb.p99,
        });
    }

    // 5. The priority queue.
    if (pgUrl && wants('queue') && o.backlog > 0) {
      queue = await attempt(['queue'], 'the priority queue', () => queueBench(pgUrl, o.backlog));
      if (queue) {
        say(table([queue], 'jobs'));
        results.set('queue', {
          'queue.low_per_second': queue.perSecond,
          'queue.urgent_p50_ms': queue.p50,
          'queue.urgent_p99_ms': queue.p99,
        });
      }
    }

    // 8. GameVault's search on a large catalog.
    if (pgUrl && wants('gamevault.search') && o.gamevaultProducts > 0) {
      gamevault = await attempt(['gamevault.search'], 'the GameVault search', () =>
        gamevaultSearchBench(pgUrl, o.gamevaultProducts, o.gamevaultRequests),
      );
      if (gamevault) {
        say(gamevaultTable(gamevault));
        results.set('gamevault.search', {
          'gamevault.search_p95_ms': gamevault.filtersP95,
          'gamevault.search_p50_ms': gamevault.filtersP50,
          'gamevault.search_text_p95_ms': gamevault.textP95,
          'gamevault.search_text_p50_ms': gamevault.textP50,
          'gamevault.search_products': gamevault.products,
          'gamevault.seed_seconds': gamevault.seedSeconds,
        });
      }
    }
    // 8. GameVault's reviews: time to visible under a steady write rate, then cached reads by distinct readers.
    if (pgUrl && wants('gamevault.reviews') && o.gamevaultReviewRate > 0 && o.gamevaultReviewSeconds > 0) {
      reviews = await attempt(['gamevault.reviews'], 'the GameVault reviews', () =>
        gamevaultReviewsBench(pgUrl, o.gamevaultReviewRate, o.gamevaultReviewSeconds, o.gamevaultReaders),
      );
      if (reviews) {
        say(reviewsTable(reviews));
        results.set('gamevault.reviews', {
          'gamevault.review_reads_p95_ms': reviews.readP95,
          'gamevault.review_reads_p50_ms': reviews.readP50,
          'gamevault.review_cache_hit_rate': reviews.hitRate,
          'gamevault.review_readers': reviews.readers,
          'gamevault.review_visible_p99_ms': reviews.visibleP99,
          'gamevault.review_visible_p50_ms': reviews.visibleP50,
          'gamevault.review_visible_count': reviews.reviews,
        });
      }
    }
    // 8. GameVault's digital delivery: the sandbox's payment webhook → the key on the buyer's order.
    if (pgUrl && wants('gamevault.keys') && o.gamevaultOrders > 0) {
      keys = await attempt(['gamevault.keys'], 'the GameVault webhook → key', () =>
        gamevaultKeysBench(pgUrl, o.gamevaultOrders),
      );
      if (keys) {
        say(keysTable(keys));
        results.set('gamevault.keys', {
          'gamevault.webhook_to_key_p99_ms': keys.p99,
          'gamevault.webhook_to_key_p50_ms': keys.p50,
          'gamevault.webhook_to_key_count': keys.orders,
        });
      }
    }

    // 9. A chat channel post to 10,000 subscribers.
    if (pgUrl && wants('chat.channels')) {
      channels = await attempt(['chat.channels'], 'the chat channel fan-out', () =>
        channelFanoutBench(pgUrl, CHANNEL_SUBSCRIBERS, CHANNEL_POSTS),
      );
      if (channels) {
        say(channelsTable(channels));
        results.set('chat.channels', {
          'chat.channel_10k_notified_ms': channels.notifiedP50,
          'chat.channel_10k_notified_max_ms': channels.notifiedMax,
          'chat.channel_10k_post_ms': channels.postP50,
        });
      }
    }
    // 9. Chat realtime: fan-out to a 1,000-member group beside a raw ws broadcast; 10,000 sockets on one gateway.
    if (pgUrl && wants('chat.fanout')) {
      chatFanout = await attempt(['chat.fanout'], 'the chat fan-out', () => chatFanoutBench(pgUrl, 1000, 100, 10));
      if (chatFanout)
        results.set('chat.fanout', {
          'chat.fanout_p99_ms': chatFanout.p99,
          'chat.fanout_p50_ms': chatFanout.p50,
          'chat.fanout_send_answer_p50_ms': chatFanout.answerP50,
          'chat.fanout_send_answer_p99_ms': chatFanout.answerP99,
          'chat.fanout_server_cpu_ms_per_message': chatFanout.cpuMsPerMessage.server,
          'chat.fanout_raw_ws_server_cpu_ms_per_message': chatFanout.cpuMsPerMessage.rawServer,
          'chat.fanout_raw_ws_p99_ms': chatFanout.rawP99,
          'chat.fanout_ratio_vs_raw_ws': chatFanout.p99 / chatFanout.rawP99,
          'chat.fanout_lost': chatFanout.lost,
        });
    }
    if (pgUrl && wants('chat.sockets')) {
      chatSockets = await attempt(['chat.sockets'], 'the 10,000 chat sockets', () => chatSocketsBench(pgUrl, 10_000));
      if (chatSockets)
        results.set('chat.sockets', {
          'chat.sockets_10k_bytes_per_socket': chatSockets.bytesPerSocket,
          'chat.sockets_10k_errors': chatSockets.errors,
        });
    }
    if (chatFanout || chatSockets) say(chatTable(chatFanout, chatSockets));

    // 3. and 6., embedded: one process.
    const sagaSteady = { rate: o.sagaRate, seconds: o.sagaSeconds };
    if (pgUrl && wants('saga.embedded') && o.bookings > 0) {
      embedded = await attempt(['saga.embedded', 'saga.embedded.steady'], 'the embedded booking saga', () =>
        embeddedBookings(localPgUrl ?? pgUrl, dir, o.bookings, 10, sagaSteady),
      );
      if (embedded) recordSaga(results, 'embedded', embedded);
    }
    if (pgUrl && wants('rush.embedded') && o.buyers > 0) {
      const r = await attempt(['rush.embedded'], 'the embedded ticket rush', () =>
        embeddedRush(localPgUrl ?? pgUrl, dir, o.buyers, o.seats),
      );
      if (r) {
        rush.push(r);
        recordRush(results, 'embedded', r);
      }
    }

    // 1., 3. and 6., distributed: a process per service.
    const distributedGroups: ResultGroup[] = [];
    if (wants('gateway') && o.seconds > 0) distributedGroups.push('gateway', 'service');
    if (wants('saga.distributed') && o.bookings > 0) distributedGroups.push('saga.distributed');
    if (wants('rush.distributed') && o.buyers > 0) distributedGroups.push('rush.distributed');
    if (distributedGroups.length > 0 && !brokers) for (const g of distributedGroups) results.fail(g, noKafkaReason);
    if (pgUrl && brokers && distributedGroups.length > 0) {
      const topology = new Topology({
        dir: join(dir, 'up'),
        postgresUrl: pgUrl,
        kafkaBrokers: brokers,
        dbPrefix: uniquePrefix(),
        seedDemo: true,
        env: benchEnv,
      });
      try {
        const up = await attempt(distributedGroups, 'starting the distributed topology', async () => {
          await topology.start();
          return true;
        });
        if (up) {
          if (distributedGroups.includes('gateway')) {
            gateway =
              (await attempt(['gateway', 'service'], 'the gateway', () => gatewayBench(topology, dir, o.seconds))) ??
              [];
            if (gateway.length) say(table(gateway, 'requests'));
            recordGateway(results, gateway);
          }
          if (distributedGroups.includes('saga.distributed')) {
            split = await attempt(['saga.distributed', 'saga.distributed.steady'], 'the distributed booking saga', () =>
              distributedBookings(topology, o.bookings, 10, sagaSteady),
            );
            if (split) recordSaga(results, 'distributed', split);
          }
          if (distributedGroups.includes('rush.distributed')) {
            const r = await attempt(['rush.distributed'], 'the distributed ticket rush', () =>
              ticketRush(
                'distributed: process per service, 2 gateways behind nginx',
                topology.url,
                topology.secrets.jwt,
                o.buyers,
                o.seats,
              ),
            );
            if (r) {
              rush.push(r);
              recordRush(results, 'distributed', r);
            }
          }
        }
      } finally {
        await topology.stop();
      }
    }
    if (rush.length > 0) {
      say(rushTable(rush));
      results.set('rush', {
        'rush.oversell': rush.reduce((s, r) => s + r.oversell, 0),
        'rush.duplicate_codes': rush.reduce((s, r) => s + r.duplicateCodes, 0),
      });
    }
    if (o.seconds <= 0) for (const g of ['gateway', 'service'] as const) results.fail(g, 'not run: --seconds 0');
    if (o.bookings <= 0)
      for (const g of ['saga.embedded', 'saga.distributed'] as const) results.fail(g, 'not run: --bookings 0');
    if (o.sagaRate <= 0 || o.sagaSeconds <= 0)
      for (const g of ['saga.embedded.steady', 'saga.distributed.steady'] as const)
        results.fail(g, 'not run: --saga-rate 0');
    if (o.buyers <= 0)
      for (const g of ['rush.embedded', 'rush.distributed', 'rush'] as const) results.fail(g, 'not run: --buyers 0');
    if (o.backlog <= 0) results.fail('queue', 'not run: --backlog 0');
    if (o.gamevaultProducts <= 0) results.fail('gamevault.search', 'not run: --gamevault-products 0');
    if (o.gamevaultReviewRate <= 0 || o.gamevaultReviewSeconds <= 0)
      results.fail('gamevault.reviews', 'not run: --gamevault-review-rate 0');
    if (o.gamevaultOrders <= 0) results.fail('gamevault.keys', 'not run: --gamevault-orders 0');
    if (o.events <= 0)
      for (const g of ['events.pglog.burst', 'events.kafka_raw.burst', 'events.kafka.burst'] as const)
        results.fail(g, 'not run: --events 0');
    if (o.rate <= 0 || o.steadySeconds <= 0)
      for (const g of ['events.pglog.steady', 'events.kafka_raw.steady', 'events.kafka.steady'] as const)
        results.fail(g, 'not run: --rate 0');
    if (o.only) for (const g of allGroups()) results.fail(g, `not run: --only ${o.only.join(',')}`);
    if (rush.length === 0) results.fail('rush', 'no ticket rush ran');
  } finally {
    await kafka?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const json = results.toJSON({
    command: commandLine(o),
    only: o.only,
    loadavgBefore: loadBefore,
    commit,
    startedAt,
  });
  const markdown = resultsMarkdown(o, json, {
    start,
    eventRows,
    queue,
    embedded,
    split,
    rush,
    gateway,
    gamevault,
    reviews,
    keys,
    channels,
    chatFanout,
    chatSockets,
  });
  return { results: json, markdown };
}

function allGroups(): ResultGroup[] {
  return [
    'gateway',
    'service',
    'events.pglog.burst',
    'events.pglog.steady',
    'events.kafka_raw.burst',
    'events.kafka_raw.steady',
    'events.kafka.burst',
    'events.kafka.steady',
    'queue',
    'saga.embedded',
    'saga.embedded.steady',
    'saga.distributed',
    'saga.distributed.steady',
    'rush.embedded',
    'rush.distributed',
    'rush',
    'start',
    'gamevault.search',
    'gamevault.reviews',
    'gamevault.keys',
    'chat.channels',
    'chat.fanout',
    'chat.sockets',
  ];
}

function recordSaga(results: BenchResults, topology: 'embedded' | 'distributed', t: TopologyRow): void {
  results.set(`saga.${topology}`, {
    [`saga.${topology}.per_second`]: t.row.perSecond,
    [`saga.${topology}.p50_ms`]: t.row.p50,
    [`saga.${topology}.p99_ms`]: t.row.p99,
    [`saga.${topology}.cpu_s_per_booking`]: t.cpuPerBooking,
  });
  const s = t.steady;
  if (s && 'error' in s) results.fail(`saga.${topology}.steady`, `failed: ${s.error}`);
  else if (s)
    results.set(`saga.${topology}.steady`, {
      [`saga.${topology}.steady_rate_per_second`]: s.perSecond,
      [`saga.${topology}.steady_p50_ms`]: s.p50,
      [`saga.${topology}.steady_p99_ms`]: s.p99,
    });
}

function recordRush(results: BenchResults, topology: 'embedded' | 'distributed', r: RushResult): void {
  results.set(`rush.${topology}`, {
    [`rush.${topology}.p50_ms`]: r.p50,
    [`rush.${topology}.p99_ms`]: r.p99,
    [`rush.${topology}.accepted_per_second`]: r.acceptedPerSecond,
    [`rush.${topology}.all_sold_s`]: r.soldOutSeconds,
    [`rush.${topology}.tickets_issued`]: r.ticketsIssued,
    [`rush.${topology}.oversell`]: r.oversell,
    [`rush.${topology}.errors`]: r.errors,
  });
}

function recordGateway(results: BenchResults, rows: Row[]): void {
  const find = (name: string) => rows.find((r) => r.name === name);
  const direct = find(GATEWAY_ROWS.direct);
  const plain = find(GATEWAY_ROWS.plain);
  const nginx = find(GATEWAY_ROWS.nginx);
  const gw = find(GATEWAY_ROWS.coordina);
  if (gw && nginx)
    results.set('gateway', {
      'gateway.throughput_ratio_vs_nginx': gw.perSecond / nginx.perSecond,
      'gateway.added_p50_ms': gw.p50 - nginx.p50,
      'gateway.coordina.per_second': gw.perSecond,
      'gateway.coordina.p50_ms': gw.p50,
      'gateway.coordina.p99_ms': gw.p99,
      'gateway.nginx.per_second': nginx.perSecond,
      'gateway.nginx.p50_ms': nginx.p50,
      'gateway.nginx.p99_ms': nginx.p99,
    });
  if (direct && plain)
    results.set('service', {
      'service.cached_read_ratio_vs_plain_fastify': direct.perSecond / plain.perSecond,
      'service.cached_read.per_second': direct.perSecond,
      'service.cached_read.p50_ms': direct.p50,
      'service.cached_read.p99_ms': direct.p99,
      'service.plain_fastify.per_second': plain.perSecond,
      'service.plain_fastify.p50_ms': plain.p50,
      'service.plain_fastify.p99_ms': plain.p99,
    });
}

function startTable(s: StartResult): string {
  return [
    '| case | ms to healthy | idle CPU, % of one core | note |',
    '|---|---:|---:|---|',
    `| \`npm start\`, fresh data directory (cold) | ${s.coldMs.toFixed(0)} |  | cluster created, migrations, demo data |`,
    `| \`npm start\` again, build up to date (warm) | ${s.warmMs.toFixed(0)} | ${s.idleCpuPercent.toFixed(2)} | idle CPU over ${s.idleSeconds.toFixed(1)} s from ${SETTLE_SECONDS} s after healthy: ${Object.entries(
      s.idleByProgram,
    )
      .sort((a, b) => b[1] - a[1])
      .map(([p, v]) => `${p} ${v.toFixed(2)}%`)
      .join(', ')} |`,
  ].join('\n');
}

function steadyTable(rows: Steady[]): string {
  const lines = [
    '| case | events/s reached | hop p50 ms | hop p99 ms | hop max ms | lost | note |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.max ?? Number.NaN).toFixed(1)} | ${r.lost ?? ''} | ${r.note ?? ''} |`,
    );
  return lines.join('\n');
}

/** Issue 14's targets (and issue 16's GameVault rows): [key, comparison, bound]. */
const TARGETS: [string, '≥' | '≤' | '<' | '=', number][] = [
  ['gateway.throughput_ratio_vs_nginx', '≥', 0.6],
  ['gateway.added_p50_ms', '≤', 1],
  ['service.cached_read_ratio_vs_plain_fastify', '≥', 0.3],
  ['events.pglog.burst_per_second', '≥', 5000],
  ['events.pglog.steady_hop_p99_ms', '<', 50],
  ['events.kafka.throughput_ratio_vs_raw', '≥', 0.8],
  ['events.kafka.steady_hop_p99_ms', '<', 50],
  ['saga.embedded.per_second', '≥', 200],
  ['saga.embedded.p50_ms', '<', 50],
  ['saga.distributed.per_second', '≥', 100],
  ['saga.distributed.p50_ms', '<', 150],
  ['rush.embedded.p99_ms', '<', 500],
  ['rush.embedded.all_sold_s', '≤', 10],
  ['rush.distributed.p99_ms', '<', 1000],
  ['rush.distributed.all_sold_s', '≤', 15],
  ['rush.oversell', '=', 0],
  ['start.warm_ms', '<', 5000],
  ['start.idle_cpu_percent', '<', 2],
  ['gamevault.search_p95_ms', '<', 50],
  ['gamevault.webhook_to_key_p99_ms', '<', 500],
  ['gamevault.review_reads_p95_ms', '≤', 20],
  ['gamevault.review_cache_hit_rate', '≥', 0.95],
  ['gamevault.review_visible_p99_ms', '<', 2000],
  ['chat.fanout_p99_ms', '<', 100],
  ['chat.sockets_10k_errors', '=', 0],
];

function targetsTable(json: Record<string, unknown>): string {
  const lines = ['| number (results.json) | this run | target | met |', '|---|---:|---|---|'];
  for (const [key, op, bound] of TARGETS) {
    const v = json[key];
    const met =
      typeof v !== 'number'
        ? 'not measured'
        : (op === '≥' ? v >= bound : op === '≤' ? v <= bound : op === '<' ? v < bound : v === bound)
          ? 'yes'
          : '**no**';
    lines.push(`| \`${key}\` | ${typeof v === 'number' ? v : 'null'} | ${op} ${bound} | ${met} |`);
  }
  return lines.join('\n');
}

function ratio(a: unknown, digits = 2): string {
  return typeof a === 'number' ? a.toFixed(digits) : 'n/a';
}

/** Why a group has no numbers, for a table left empty. */
function skipped(json: Record<string, unknown>, ...groups: string[]): string {
  const reasons = groups.map((g) => json[`${g}.null_reason`]).filter((r): r is string => typeof r === 'string');
  return `(no numbers: ${[...new Set(reasons)].join('; ') || 'not run'})`;
}

function resultsMarkdown(
  o: MainBenchOptions,
  json: Record<string, unknown>,
  r: {
    start: StartResult | undefined;
    eventRows: Map<EventsCase, Steady>;
    queue: Row | undefined;
    embedded: TopologyRow | undefined;
    split: TopologyRow | undefined;
    rush: RushResult[];
    gateway: Row[];
    gamevault: GamevaultSearchResult | undefined;
    reviews: GamevaultReviewsResult | undefined;
    keys: GamevaultKeysResult | undefined;
    channels: ChannelFanoutResult | undefined;
    chatFanout: ChatFanoutResult | undefined;
    chatSockets: ChatSocketsResult | undefined;
  },
): string {
  const bursts = (['pglog.burst', 'kafka_raw.burst', 'kafka.burst'] as const)
    .map((c) => r.eventRows.get(c))
    .filter((x): x is Steady => x !== undefined);
  const steadies = (['pglog.steady', 'kafka_raw.steady', 'kafka.steady'] as const)
    .map((c) => r.eventRows.get(c))
    .filter((x): x is Steady => x !== undefined);
  const sagaRows = [r.embedded?.row, r.split?.row].filter((x): x is Row => x !== undefined);
  const sagaSteady = [r.embedded?.steady, r.split?.steady].filter((x): x is Row => x !== undefined && !('error' in x));
  const kb = r.eventRows.get('kafka.burst');
  const raw = r.eventRows.get('kafka_raw.burst');
  return [
    '# Benchmark results',
    '',
    `Command: \`${commandLine(o)}\` on ${machine()}, ${json.date}, commit ${json.commit}.`,
    `Machine load (1-minute loadavg) ${json['machine.loadavg_1m_before']} before the run, ${json['machine.loadavg_1m_after']} after it.`,
    'Absolute numbers on a shared 2-core machine are noise; compare rows of one run. Load generators run on the same machine.',
    'The same run wrote `bench/results.json` (one flat object of named numbers; a row that did not run has nulls and a `null_reason`).',
    '',
    '## Targets (issue 14)',
    '',
    'A row that misses its target keeps its number; the sections below say what each row measures.',
    '',
    targetsTable(json),
    '',
    `## 1. Gateway and the service's own read (autocannon, 32 connections, GET /api/instudio/salons)`,
    '',
    r.gateway.length ? table(r.gateway, 'requests') : skipped(json, 'gateway', 'service'),
    '',
    `Coordina gateway ÷ nginx: throughput ${ratio(json['gateway.throughput_ratio_vs_nginx'])} (target ≥ 0.6), p50 ${ratio(json['gateway.added_p50_ms'], 1)} ms added (target ≤ +1 ms). The gateway verifies tokens, counts rate limits in Redis, resolves the route contract and discovers instances; nginx only forwards bytes.`,
    '',
    `Service's cached read ÷ a plain Fastify route serving the same JSON body from a process of its own: throughput ${ratio(json['service.cached_read_ratio_vs_plain_fastify'])} (target ≥ 0.3).`,
    '',
    `## 2. Events`,
    '',
    `Bursts: ${o.events} events, 64 keys, 4 writers in transactions of 50.`,
    '',
    bursts.length ? table(bursts, 'events') : skipped(json, 'events.pglog.burst', 'events.kafka.burst'),
    '',
    kb && raw
      ? `Coordina ÷ raw client: throughput ${(kb.perSecond / raw.perSecond).toFixed(2)} (target ≥ 0.8), p50 latency ${(kb.p50 / raw.p50).toFixed(2)}, p99 ${(kb.p99 / raw.p99).toFixed(2)} (Coordina adds the outbox write in the business transaction, the relay hop and an inbox transaction per batch).`
      : '',
    '',
    `Steady rate (open loop): ${o.rate} events/s for ${o.steadySeconds} s after 1 s of warm-up, 64 keys (before the Kafka rows, 5 s of unmeasured small produce requests warm the broker up: the first producer to send them after the broker started was about 100× slower than the next ones); each event is written when it is due, in a transaction of its own (events due in the same millisecond share one), and its hop latency runs from the time it was due to its consumer's handler, so a writer or relay that falls behind shows in the latency (decision 0044). Target: hop p99 < 50 ms.`,
    '',
    steadies.length ? steadyTable(steadies) : skipped(json, 'events.pglog.steady', 'events.kafka.steady'),
    '',
    `## 3. Booking saga (POST → CONFIRMED)`,
    '',
    `Closed loop: ${o.bookings} bookings, 10 clients polling every 25 ms; like the steady rows and the gateway, it starts once the machine is quiet (under 30% CPU for 1 s, at most 60 s of waiting). Targets: embedded ≥ 200/s with p50 < 50 ms, distributed ≥ 100/s with p50 < 150 ms.`,
    '',
    sagaRows.length ? table(sagaRows, 'bookings') : skipped(json, 'saga.embedded', 'saga.distributed'),
    '',
    `Steady rate (open loop): ${o.sagaRate} bookings/s for ${o.sagaSeconds} s, each client polls every 25 ms; latency from the time the booking was due until the client saw CONFIRMED.`,
    '',
    sagaSteady.length
      ? table(sagaSteady, 'bookings')
      : skipped(json, 'saga.embedded.steady', 'saga.distributed.steady'),
    '',
    '## 4. Co-located vs split',
    '',
    sagaRows.length
      ? [
          '| topology | CPU s per booking (Node processes) | p50 ms | p99 ms |',
          '|---|---:|---:|---:|',
          ...[r.embedded, r.split]
            .filter((x) => x !== undefined)
            .map(
              (x) =>
                `| ${x.row.name} | ${x.cpuPerBooking.toFixed(4)} | ${x.row.p50.toFixed(0)} | ${x.row.p99.toFixed(0)} |`,
            ),
        ].join('\n')
      : skipped(json, 'saga.embedded', 'saga.distributed'),
    '',
    r.embedded && r.split
      ? `Ratio split ÷ co-located: CPU per booking ${(r.split.cpuPerBooking / r.embedded.cpuPerBooking).toFixed(2)}, p50 ${(r.split.row.p50 / r.embedded.row.p50).toFixed(2)}. PostgreSQL, Kafka and Redis CPU are not counted.`
      : '',
    '',
    `## 5. Priority queue (urgent jobs while a ${o.backlog} low-priority backlog drains)`,
    '',
    r.queue ? table([r.queue], 'jobs') : skipped(json, 'queue'),
    '',
    'p50/p99 are the waits of urgent jobs from send to handler start; jobs/s is the backlog drain rate.',
    '',
    `## 6. MusicFest ticket rush (${o.buyers} concurrent buyers, one ticket each, ${o.seats} seats, through the entry point)`,
    '',
    r.rush.length ? rushTable(r.rush) : skipped(json, 'rush.embedded', 'rush.distributed'),
    '',
    'Targets: embedded p99 < 500 ms and all sold within 10 s; distributed p99 < 1 s and all sold within 15 s; no oversell.',
    'Every buyer has its own token and Idempotency-Key and sends at the same moment. "accepted req/s" counts 202 answers (PENDING: seats reserved; WAITLISTED: a position and an estimated wait); "waitlist" is the answer time of the waitlisted ones, i.e. the time to get a place in line. Oversell = tickets issued beyond the seats, counted from every completed purchase.',
    '',
    '## 7. `npm start`',
    '',
    r.start ? startTable(r.start) : skipped(json, 'start'),
    '',
    'Time from running `npm start` (which checks the build with `tsc -b` first) until `/health` answers 2xx, polled every 50 ms; idle CPU is the user + system time of every process of the product (npm, node, the embedded PostgreSQL and its backends, from /proc) while nobody sends anything, in percent of one core. Targets: warm start < 5 s, idle CPU < 2%.',
    '',
    `## 8. GameVault: search, reviews, keys (issue 16)`,
    '',
    r.gamevault ? gamevaultTable(r.gamevault) : skipped(json, 'gamevault.search'),
    '',
    `The catalog alone, in the bench's process, on ${o.gamevaultProducts} products written by \`coordina seed gamevault\` (COPY; "seed s" is its time, indexes built after the load), with its list cache off (1 ms TTL) so every search reads PostgreSQL. ${o.gamevaultRequests} searches of each kind, 4 clients at a time: three filters (a random console, genre and condition, a random sort, page 1-3) with their facet counts, then a text with a typo ("zelad", "mrio") with a console and availability. Target: three filters p95 < 50 ms. Indexes and EXPLAIN ANALYZE numbers: docs/decisions/0071-gamevault-search.md.`,
    '',
    r.reviews ? reviewsTable(r.reviews) : skipped(json, 'gamevault.reviews'),
    '',
    `Reviews: gamevault-community alone in the bench's process (embedded), 20 products, each writer's purchase written into its table. ${o.gamevaultReviewRate} reviews a minute for ${o.gamevaultReviewSeconds} s, open loop: each is due at its time, POSTed (pending), approved by the moderation worker (pg-boss), which drops the product's cached pages; time to visible runs from its due time until its writer, polling page 1 every 50 ms, finds it (target p99 < 2 s). Then ${o.gamevaultReaders} distinct signed-in readers read one page each (a random product and sort), 16 at a time, from a process of their own (decision 0121) (target p95 ≤ 20 ms); the hit rate is hit ÷ (hit + miss) of \`coordina_cache_requests_total\` over those reads (target ≥ 0.95).`,
    '',
    r.keys ? keysTable(r.keys) : skipped(json, 'gamevault.keys'),
    '',
    `Webhook → key: catalog, payments (sandbox provider), orders and logistics in the bench's process (embedded). One digital product with ${o.gamevaultOrders} keys; ${o.gamevaultOrders} buyers, 4 at a time, each fill the cart, check out with a sandbox card and poll GET /api/gamevault/orders/{id} every 25 ms until the key is there. Time from the sandbox's \`payment_intent.succeeded\` webhook being applied (\`webhook_events.received_at\`) to the buyer seeing the key (target p99 < 500 ms).`,
    '',
    `## 9. Chat channel post to ${CHANNEL_SUBSCRIBERS} subscribers (issue 17)`,
    '',
    r.channels ? channelsTable(r.channels) : skipped(json, 'chat.channels'),
    '',
    `chat-channels alone in the bench's process (embedded: PostgreSQL log, pg-boss), ${CHANNEL_SUBSCRIBERS} subscriptions written with one INSERT, ${CHANNEL_POSTS} posts one after the other. "post" is the author's request (one insert, the outbox row and the first fan-out job); "all notified" runs from the author's send until every subscriber is recorded as told and every \`publicacion.notificada\` batch (1,000 subscribers each) has left the outbox. Decision: docs/decisions/0085-chat-channel-fan-out.md.`,
    '## 10. Chat realtime (issue 17)',
    '',
    r.chatFanout || r.chatSockets ? chatTable(r.chatFanout, r.chatSockets) : skipped(json, 'chat.fanout'),
    '',
    `Embedded: chat messaging and its socket in the bench process. Fan-out: 1,000 members of one group each hold a socket; one sends 100 messages a second for 10 s (after 1 s of the same, not measured) over HTTP from a process of its own (as the sockets' clients), starting once the machine is quiet after the sockets signed in (under 30% CPU for 1 s: each sign-in counts the member in and tells its partners${r.chatFanout ? `; ${r.chatFanout.quietAfterSeconds.toFixed(1)} s waited` : ''}); per message, the time from its send to the last member receiving it (the outbox, the PostgreSQL log, the realtime consumer, the user channels and each socket's feed). Beside it, a raw \`ws\` server in the same process broadcasting each frame a client sends to 1,000 clients. Sockets: 10,000 signed-in sockets of distinct users held by one gateway (clients in a child process); the growth of the gateway process's RSS per socket. Target: fan-out p99 < 100 ms.`,
    '',
    TRACES_SECTION,
    '',
  ].join('\n');
}

/** Subscribers and posts of the chat channel row. */
const CHANNEL_SUBSCRIBERS = 10_000;
const CHANNEL_POSTS = 5;

/** A Markdown table of one case per row: the first column left-aligned, the numbers right-aligned. */
function caseTable(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|---|${head
      .slice(1)
      .map(() => '---:')
      .join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function channelsTable(c: ChannelFanoutResult): string {
  return caseTable(
    ['case', 'subscribers', 'posts', 'post p50 ms', 'all notified p50 ms', 'all notified max ms'],
    [
      [
        'one post, fan-out in batches',
        c.subscribers,
        c.posts,
        c.postP50.toFixed(1),
        c.notifiedP50.toFixed(0),
        c.notifiedMax.toFixed(0),
      ],
    ],
  );
}

function chatTable(f: ChatFanoutResult | undefined, s: ChatSocketsResult | undefined): string {
  const n = (v: number | undefined, d = 1) => (v === undefined ? '–' : v.toFixed(d));
  const cpuRow = (who: string, a: number | undefined, b: number | undefined) => [
    `CPU ms per message: ${who}`,
    `${n(a, 2)} / ${n(b, 2)}`,
    ...Array<string>(6).fill(''),
  ];
  return caseTable(
    ['case', 'p50 ms', 'p99 ms', 'lost', 'ratio p99 ÷ raw ws', 'sockets', 'bytes per socket', 'errors'],
    [
      [
        'fan-out, 1,000 members, 100 msg/s',
        n(f?.p50),
        n(f?.p99),
        n(f?.lost, 0),
        f ? n(f.p99 / f.rawP99, 2) : '–',
        '',
        '',
        '',
      ],
      ['of which the send, to its 201 answer', n(f?.answerP50), n(f?.answerP99), '', '', '', '', ''],
      cpuRow('serving process / socket clients', f?.cpuMsPerMessage.server, f?.cpuMsPerMessage.clients),
      ['raw ws broadcast, 1,000 clients', n(f?.rawP50), n(f?.rawP99), '', '', '', '', ''],
      cpuRow('raw server / its clients', f?.cpuMsPerMessage.rawServer, f?.cpuMsPerMessage.rawClients),
      ['sockets held by one gateway', '', '', '', '', n(s?.sockets, 0), n(s?.bytesPerSocket, 0), n(s?.errors, 0)],
    ],
  );
}

function keysTable(k: GamevaultKeysResult): string {
  return caseTable(
    ['case', 'orders', 'p50 ms', 'p99 ms'],
    [['payment webhook → key on GET /api/gamevault/orders/{id}', k.orders, k.p50.toFixed(0), k.p99.toFixed(0)]],
  );
}

function reviewsTable(r: GamevaultReviewsResult): string {
  return caseTable(
    ['case', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'cache hit rate'],
    [
      [
        `review, POST → visible to readers, ${r.perMinute}/min`,
        r.reviews,
        r.visibleP50.toFixed(0),
        '',
        r.visibleP99.toFixed(0),
        '',
      ],
      [
        'cached page read, distinct readers',
        r.readers,
        r.readP50.toFixed(1),
        r.readP95.toFixed(1),
        '',
        r.hitRate.toFixed(3),
      ],
    ],
  );
}

function gamevaultTable(g: GamevaultSearchResult): string {
  return caseTable(
    ['case', 'products', 'seed s', 'p50 ms', 'p95 ms'],
    [
      [
        'three filters, facets, a page',
        g.products,
        g.seedSeconds.toFixed(1),
        g.filtersP50.toFixed(1),
        g.filtersP95.toFixed(1),
      ],
      ['text with a typo and two filters', g.products, '', g.textP50.toFixed(1), g.textP95.toFixed(1)],
    ],
  );
}
