import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { AccessTokens, MINTED_SIGN_IN, type Role } from '@coordina/platform';
import { EmbeddedPostgresServer, type FinishedSpan, startTracing } from '@coordina/platform/runtime';
import { startTestApp, type TestFetchInit, testFetch, uniquePrefix } from '@coordina/platform/testing';
import { KafkaServer } from '../kafka.server';
import { allServices } from '../services.registry';
import { Topology } from '../topology';
import { benchEnv } from './topology.bench';
import { breakdown, breakdownTable, hopOf } from './trace.analysis';
import { bookableSlots, eventOnSale, type TracedCommand, tracedBooking, tracedPurchase } from './trace.flows';

/**
 * `coordina bench trace [--n N] [--no-kafka]`: N bookings and N purchases, one at a time, each
 * traced: in an embedded product in this process (in-memory exporter), then in the distributed
 * topology (Kafka; its processes export over OTLP/HTTP to a receiver here). Prints where the
 * time goes, per span and per wait between hops (bench/TRACES.md, which
 * bench/RESULTS.md links; a full `coordina bench` leaves it as it is).
 */
export async function traceCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { n: { type: 'string' }, 'no-kafka': { type: 'boolean' } } });
  const n = Number.parseInt(values.n ?? '30', 10);
  const dir = mkdtempSync(join(tmpdir(), 'coordina-trace-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
  const pgUrl = await pg.start();
  process.env.COORDINA_TEST_PG_URL = pgUrl;
  let commit = '';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  process.stdout.write(
    `Command: \`node apps/coordina/dist/src/main.js bench trace --n ${n}\`, ${new Date().toISOString()}, commit ${commit}, loadavg ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; one command at a time.\n\n`,
  );
  try {
    const tracing = startTracing('memory', 'coordina');
    const app = await startTestApp({ services: allServices, config: { seedDemo: true }, env: benchEnv });
    try {
      await traceRun('embedded (one process, PostgreSQL log)', app.url, app.config.jwtSecret, n, () => tracing.spans());
    } finally {
      await app.close();
      await tracing.shutdown();
    }
    if (!values['no-kafka']) await distributed(dir, pgUrl, n);
    return 0;
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The distributed topology (Kafka), its processes exporting over OTLP/HTTP to a receiver here. */
async function distributed(dir: string, pgUrl: string, n: number): Promise<void> {
  const kafka = new KafkaServer(join(dir, 'kafka'));
  const brokers = await kafka.start();
  const receiver = await otlpReceiver();
  const topology = new Topology({
    dir: join(dir, 'up'),
    postgresUrl: pgUrl,
    kafkaBrokers: brokers,
    dbPrefix: uniquePrefix(),
    seedDemo: true,
    env: { ...benchEnv, COORDINA_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
  });
  try {
    await topology.start();
    await traceRun(
      'distributed (process per service, Kafka)',
      topology.url,
      topology.secrets.jwt,
      n,
      () => receiver.spans,
    );
  } finally {
    await topology.stop();
    receiver.close();
    await kafka.stop();
  }
}

/** Runs N bookings and N purchases one at a time and prints where their time went. */
async function traceRun(name: string, url: string, jwtSecret: string, n: number, spansNow: () => FinishedSpan[]) {
  const tokens = new AccessTokens(jwtSecret, 3600);
  const mint = (id: string, roles: Role[] = ['client']) =>
    tokens.sign({ id, email: `${id}@trace.test`, roles, ...MINTED_SIGN_IN });
  const fetch = (path: string, init?: TestFetchInit) => testFetch(url, path, init);
  const token = await mint(randomUUID());
  const { serviceId, slots } = await bookableSlots(fetch, n);
  const manager = await mint(randomUUID(), ['manager']);
  const sale = await eventOnSale(fetch, manager, n + 1);
  const bookings: TracedCommand[] = [];
  for (const slot of slots) bookings.push(await tracedBooking(fetch, token, serviceId, slot));
  const purchases: TracedCommand[] = [];
  for (let i = 0; i < n; i++) purchases.push(await tracedPurchase(fetch, await mint(randomUUID()), sale));
  // The last spans end just after the status shows; OTLP exporters send every 500 ms.
  await new Promise((r) => setTimeout(r, 2000));
  const spans = spansNow();
  const traces = (cs: TracedCommand[]) =>
    cs.map((c) => spans.filter((s) => s.traceId === c.traceId)).filter((t) => t.some((s) => hopOf(s) === 'saga.end'));
  const b = traces(bookings);
  const p = traces(purchases);
  process.stdout.write(`### ${name}\n\n`);
  process.stdout.write(`${breakdownTable(`Booking (POST → saga COMPLETED), ${b.length} traces`, breakdown(b))}\n`);
  process.stdout.write(`${breakdownTable(`Purchase (POST → saga COMPLETED), ${p.length} traces`, breakdown(p))}\n`);
}

/** A minimal OTLP/HTTP JSON receiver: what the distributed processes export, as finished spans. */
async function otlpReceiver(): Promise<{ url: string; spans: FinishedSpan[]; close(): void }> {
  const spans: FinishedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        spans.push(...fromOtlp(JSON.parse(body.toString())));
      } catch {
        // not OTLP JSON: ignored
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, close: () => server.close() };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano: string | number;
        endTimeUnixNano: string | number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

function fromOtlp(body: OtlpExport): FinishedSpan[] {
  const attrs = (list: OtlpAttribute[] = []) =>
    Object.fromEntries(
      list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue ?? a.value.doubleValue]),
    );
  const ms = (ns: string | number) => Number(BigInt(ns) / 1000n) / 1000;
  return (body.resourceSpans ?? []).flatMap((rs) => {
    const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentId: s.parentSpanId || undefined,
        name: s.name,
        // OTLP counts kinds from 1 (internal); the API from 0.
        kind: s.kind - 1,
        startMs: ms(s.startTimeUnixNano),
        endMs: ms(s.endTimeUnixNano),
        attributes: attrs(s.attributes),
        service,
      })),
    );
  });
}
