import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessTokens, Database, MINTED_SIGN_IN, withDatabase } from '@coordina/platform';
import { Admin } from '@platformatic/kafka';
import { Agent, request } from 'undici';
import type { Topology } from '../topology';
import { onSale } from './rush.bench';
import { percentile } from './stats';

const SALON = '10000000-0000-4000-8000-000000000001';
const DAY = 86_400_000;

export interface SoakOptions {
  minutes: number;
  /** Requests per second, all kinds together, sent at a fixed rate whatever the answers. */
  rate: number;
  sampleSeconds: number;
  /** Where the servers keep their data: finds Kafka's and PostgreSQL's processes. */
  kafkaDir: string;
  pgDir: string;
  pgUrl: string;
  dbPrefix: string;
  brokers: string[];
}

export interface SoakSample {
  /** Seconds since the start. */
  t: number;
  requests: number;
  /** Answers other than 2xx, and exceptions. */
  errors: number;
  /** Sends left out because too many requests were still unanswered (overload shows here). */
  skipped: number;
  p50: number;
  p99: number;
  /** Records the consumer groups have not committed yet (end offset − committed offset). */
  kafkaLag: number;
  /** Outbox rows not yet published to Kafka, every service together. */
  outbox: number;
  /** Private memory (MiB) per process (privateMiB). */
  memory: Record<string, number>;
}

export interface SoakResult {
  samples: SoakSample[];
  kinds: Record<string, { sent: number; errors: number }>;
  /** Per process: MiB per minute over the first and the last third, and whether it levelled off. */
  trend: {
    name: string;
    first: number;
    last: number;
    startMiB: number;
    endMiB: number;
    /** Highest sample before the last third, and within it. */
    peakBefore: number;
    peakLast: number;
    levelled: boolean;
  }[];
}

const agent = new Agent({ connections: 64 });

async function send(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = randomUUID();
  }
  const res = await request(`${base}${path}`, {
    method,
    dispatcher: agent,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: the status says enough
  }
  return { status: res.statusCode, body: parsed };
}

/** Free slots of the demo salon, day after day, none overlapping another of the same stylist. */
class Slots {
  readonly #queue: { stylistId: string; start: string }[] = [];
  #day = 20;
  #serviceId = '';
  #filling: Promise<void> | undefined;

  constructor(private readonly base: string) {}

  async serviceId(): Promise<string> {
    if (!this.#serviceId) {
      const salon = await send(this.base, 'GET', `/api/instudio/salons/${SALON}`);
      this.#serviceId = String((salon.body.services as { id: string }[])[0]?.id);
    }
    return this.#serviceId;
  }

  async next(): Promise<{ stylistId: string; start: string } | undefined> {
    if (this.#queue.length < 20) {
      this.#filling ??= this.#fill().finally(() => {
        this.#filling = undefined;
      });
      if (this.#queue.length === 0) await this.#filling;
    }
    return this.#queue.shift();
  }

  async #fill(): Promise<void> {
    const serviceId = await this.serviceId();
    const taken: { stylistId: string; start: string; end: string }[] = [];
    for (let i = 0; i < 3 && this.#day < 2000; i++, this.#day++) {
      const date = new Date(Date.now() + this.#day * DAY).toISOString().slice(0, 10);
      const av = await send(
        this.base,
        'GET',
        `/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`,
      );
      for (const s of (av.body.slots ?? []) as { stylistId: string; start: string; end: string }[]) {
        if (!taken.some((x) => x.stylistId === s.stylistId && s.start < x.end && x.start < s.end)) {
          taken.push(s);
          this.#queue.push({ stylistId: s.stylistId, start: s.start });
        }
      }
    }
  }
}

/**
 * Memory a process wrote and shares with no other (private dirty pages, plus what is swapped
 * out), in MiB, from /proc: heaps, stacks, buffers. Resident, proportional and even clean
 * private sizes would not do for a leak: they move when other processes map the same files
 * (the node binary, libraries), and on this shared machine other processes come and go.
 */
function privateMiB(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return (kb('Private_Dirty') + kb('Swap')) / 1024;
  } catch {
    return 0;
  }
}

function processes(): { pid: number; ppid: number; cmd: string }[] {
  const out: { pid: number; ppid: number; cmd: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, cmd });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

function findFile(dir: string, name: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Memory of every process of the topology: services, gateways, Kafka, PostgreSQL (with its backends), Redis. */
function memory(topology: Topology, o: SoakOptions): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of [...topology.instances, ...topology.gateways])
    if (i.proc.pid) out[i.proc.name] = privateMiB(i.proc.pid);
  const all = processes();
  const kafka = all.find((p) => p.cmd.includes('kafka.Kafka') && p.cmd.includes(o.kafkaDir));
  if (kafka) out.kafka = privateMiB(kafka.pid);
  const pidFile = findFile(o.pgDir, 'postmaster.pid');
  const postmaster = pidFile ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
  if (postmaster)
    out.postgres = [postmaster, ...all.filter((p) => p.ppid === postmaster).map((p) => p.pid)].reduce(
      (sum, pid) => sum + privateMiB(pid),
      0,
    );
  const redis = all.find((p) => p.cmd.includes('redis-server') && p.cmd.includes(`:${topology.redisPort}`));
  if (redis) out.redis = privateMiB(redis.pid);
  return out;
}

/** What the consumer groups of this run have not committed yet, summed over every partition. */
async function kafkaLag(admin: Admin, prefix: string): Promise<number> {
  const groups = [...(await admin.listGroups()).keys()].filter((g) => g.startsWith(prefix));
  if (groups.length === 0) return 0;
  const committed = await admin.listConsumerGroupOffsets({ groups });
  const topics = new Map<string, Set<number>>();
  for (const g of committed)
    for (const t of g.topics)
      for (const p of t.partitions) {
        const set = topics.get(t.name) ?? new Set<number>();
        topics.set(t.name, set);
        set.add(p.partitionIndex);
      }
  if (topics.size === 0) return 0;
  const ends = await admin.listOffsets({
    topics: [...topics].map(([name, ps]) => ({
      name,
      partitions: [...ps].map((partitionIndex) => ({ partitionIndex, timestamp: -1n })),
    })),
  });
  const end = new Map<string, bigint>();
  for (const t of ends) for (const p of t.partitions) end.set(`${t.name}:${p.partitionIndex}`, p.offset);
  let lag = 0n;
  for (const g of committed)
    for (const t of g.topics)
      for (const p of t.partitions) {
        const e = end.get(`${t.name}:${p.partitionIndex}`) ?? 0n;
        const c = p.committedOffset < 0n ? 0n : p.committedOffset;
        if (e > c) lag += e - c;
      }
  return Number(lag);
}

async function outboxBacklog(dbs: Database[]): Promise<number> {
  let n = 0;
  for (const db of dbs) {
    const client = await db.connect();
    try {
      const r = await client.query('SELECT count(*)::int AS n FROM coordina_outbox WHERE published_at IS NULL');
      n += Number(r.rows[0]?.n ?? 0);
    } catch {
      // a database without an outbox yet
    } finally {
      client.release();
    }
  }
  return n;
}

/** Least-squares slope of memory against time, in MiB per minute. */
function slope(points: { t: number; v: number }[]): number {
  if (points.length < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / points.length;
  const mv = points.reduce((s, p) => s + p.v, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.v - mv), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

/**
 * Growth levels off when, over the last third of the run, memory grows by at most 1 MiB a
 * minute or at most half as fast as over the first third (warm-up: JIT, pools, caches), or
 * when the last third never rises more than 5% above the peak of the first two: V8 grows its
 * heap in steps and gives pages back after a collection, so one step late in a run makes a
 * steep slope, while a leak keeps raising the peak.
 */
export function memoryTrend(samples: SoakSample[]): SoakResult['trend'] {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.memory)))];
  const third = Math.max(2, Math.floor(samples.length / 3));
  return names.map((name) => {
    const points = samples.filter((s) => s.memory[name] !== undefined).map((s) => ({ t: s.t, v: s.memory[name] ?? 0 }));
    const first = slope(points.slice(0, third));
    const last = slope(points.slice(-third));
    const peakBefore = Math.max(...points.slice(0, -third).map((p) => p.v));
    const peakLast = Math.max(...points.slice(-third).map((p) => p.v));
    return {
      name,
      first,
      last,
      startMiB: points[0]?.v ?? 0,
      endMiB: points.at(-1)?.v ?? 0,
      peakBefore,
      peakLast,
      levelled: last <= 1 || last <= first / 2 || peakLast <= peakBefore * 1.05,
    };
  });
}

/**
 * Mixed traffic of both systems at a fixed rate through the topology's entry point:
 * InStudio salon searches, salon pages and bookings; MusicFest catalog reads, event pages and
 * ticket purchases. Every `sampleSeconds` it records the answers' p50/p99 of that window,
 * memory per process, Kafka consumer lag and the outbox backlog.
 */
export async function soakBench(topology: Topology, o: SoakOptions): Promise<SoakResult> {
  const base = topology.url;
  const tokens = new AccessTokens(topology.secrets.jwt, 24 * 3600);
  const manager = await tokens.sign({
    id: randomUUID(),
    email: 'manager@soak.test',
    roles: ['manager'],
    ...MINTED_SIGN_IN,
  });
  const clients = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      tokens.sign({ id: randomUUID(), email: `client${i}@soak.test`, roles: ['client'], ...MINTED_SIGN_IN }),
    ),
  );
  const { eventId, typeId } = await onSale(base, manager, 5000); // a medium event's most; 1 purchase/s for 30 min takes 1800
  const slots = new Slots(base);
  const serviceId = await slots.serviceId();
  let booked = 0;
  const kinds: { name: string; weight: number; run: () => Promise<number> }[] = [
    {
      name: 'instudio search',
      weight: 35,
      run: async () => (await send(base, 'GET', '/api/instudio/salons?district=Miraflores')).status,
    },
    {
      name: 'instudio salon',
      weight: 10,
      run: async () => (await send(base, 'GET', `/api/instudio/salons/${SALON}`)).status,
    },
    {
      name: 'instudio booking',
      weight: 5,
      run: async () => {
        const slot = await slots.next();
        if (!slot) return 0;
        const token = clients[booked++ % clients.length];
        const r = await send(base, 'POST', '/api/instudio/bookings', token, {
          salonId: SALON,
          serviceId,
          stylistId: slot.stylistId,
          start: slot.start,
          paymentMethod: 'pm_card_visa',
        });
        return r.status;
      },
    },
    {
      name: 'musicfest catalog',
      weight: 30,
      run: async () => (await send(base, 'GET', '/api/musicfest/events')).status,
    },
    {
      name: 'musicfest event',
      weight: 15,
      run: async () => (await send(base, 'GET', `/api/musicfest/events/${eventId}`)).status,
    },
    {
      name: 'musicfest purchase',
      weight: 5,
      run: async () => {
        const buyer = await tokens.sign({
          id: randomUUID(),
          email: 'buyer@soak.test',
          roles: ['client'],
          ...MINTED_SIGN_IN,
        });
        const r = await send(base, 'POST', '/api/musicfest/purchases', buyer, {
          eventId,
          items: [{ ticketTypeId: typeId, quantity: 1 }],
          paymentMethod: 'pm_card_visa',
        });
        return r.status;
      },
    },
  ];
  // Smooth weighted round robin: the mix is the same in every window.
  const credit = kinds.map(() => 0);
  const totalWeight = kinds.reduce((s, k) => s + k.weight, 0);
  const pick = () => {
    let best = 0;
    for (let i = 0; i < kinds.length; i++) {
      credit[i] = (credit[i] ?? 0) + (kinds[i]?.weight ?? 0);
      if ((credit[i] ?? 0) > (credit[best] ?? 0)) best = i;
    }
    credit[best] = (credit[best] ?? 0) - totalWeight;
    return kinds[best] as (typeof kinds)[number];
  };
  const stats: SoakResult['kinds'] = Object.fromEntries(kinds.map((k) => [k.name, { sent: 0, errors: 0 }]));
  const admin = new Admin({ clientId: 'soak-lag', bootstrapBrokers: o.brokers });
  const dbs = topology.instances
    .filter((i, n, all) => all.findIndex((x) => x.service === i.service) === n)
    .map((i) => new Database(withDatabase(o.pgUrl, `${o.dbPrefix}${i.service.replaceAll('-', '_')}`), { max: 1 }));
  const samples: SoakSample[] = [];
  const maxInFlight = Math.max(64, o.rate * 10);
  let inFlight = 0;
  let window: number[] = [];
  let windowErrors = 0;
  let windowSkipped = 0;
  let windowRequests = 0;
  const started = performance.now();
  const endAt = started + o.minutes * 60_000;
  let launched = 0;
  const pending = new Set<Promise<void>>();
  const launch = () => {
    const kind = pick();
    const s = stats[kind.name] as { sent: number; errors: number };
    if (inFlight >= maxInFlight) {
      windowSkipped++;
      return;
    }
    inFlight++;
    s.sent++;
    const t0 = performance.now();
    const p = kind
      .run()
      .catch(() => 0)
      .then((status) => {
        window.push(performance.now() - t0);
        windowRequests++;
        if (status < 200 || status >= 300) {
          windowErrors++;
          s.errors++;
        }
      })
      .finally(() => {
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  };
  let nextSample = started + o.sampleSeconds * 1000;
  process.stdout.write(
    `soak: ${o.rate} requests/s for ${o.minutes} min (${kinds.map((k) => `${k.name} ${Math.round((k.weight / totalWeight) * 100)}%`).join(', ')}), a sample every ${o.sampleSeconds} s\n`,
  );
  try {
    while (performance.now() < endAt) {
      const now = performance.now();
      const due = Math.floor(((now - started) / 1000) * o.rate);
      while (launched < due) {
        launched++;
        launch();
      }
      if (now >= nextSample) {
        nextSample += o.sampleSeconds * 1000;
        const sorted = window.sort((a, b) => a - b);
        const [lag, outbox] = await Promise.all([
          kafkaLag(admin, o.dbPrefix).catch(() => Number.NaN),
          outboxBacklog(dbs).catch(() => Number.NaN),
        ]);
        const sample: SoakSample = {
          t: Math.round((now - started) / 1000),
          requests: windowRequests,
          errors: windowErrors,
          skipped: windowSkipped,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          kafkaLag: lag,
          outbox,
          memory: memory(topology, o),
        };
        samples.push(sample);
        window = [];
        windowErrors = 0;
        windowSkipped = 0;
        windowRequests = 0;
        const total = Object.values(sample.memory).reduce((a, b) => a + b, 0);
        process.stdout.write(
          `soak ${String(sample.t).padStart(5)} s: ${sample.requests} answers, ${sample.errors} errors, ${sample.skipped} skipped, p50 ${sample.p50.toFixed(0)} ms, p99 ${sample.p99.toFixed(0)} ms, Kafka lag ${sample.kafkaLag}, outbox ${sample.outbox}, memory ${total.toFixed(0)} MiB\n`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.allSettled([...pending]);
  } finally {
    await admin.close();
    for (const db of dbs) await db.close();
  }
  return { samples, kinds: stats, trend: memoryTrend(samples) };
}

export function soakCsv(samples: SoakSample[]): string {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.memory)))];
  const head = ['t_s', 'answers', 'errors', 'skipped', 'p50_ms', 'p99_ms', 'kafka_lag', 'outbox_unpublished'];
  const rows = samples.map((s) =>
    [
      s.t,
      s.requests,
      s.errors,
      s.skipped,
      s.p50.toFixed(1),
      s.p99.toFixed(1),
      s.kafkaLag,
      s.outbox,
      ...names.map((n) => (s.memory[n] ?? Number.NaN).toFixed(1)),
    ].join(','),
  );
  return [[...head, ...names.map((n) => `private_mib_${n}`)].join(','), ...rows, ''].join('\n');
}

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
];

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** One panel: a line per series against time, with axes and a legend on the right. */
function panel(
  y0: number,
  title: string,
  unit: string,
  xMax: number,
  series: { name: string; points: { t: number; v: number }[] }[],
): string {
  const left = 70;
  const width = 640;
  const height = 190;
  const top = y0 + 28;
  const finite = series.flatMap((s) => s.points.map((p) => p.v)).filter((v) => Number.isFinite(v));
  const yMax = Math.max(1, ...finite) * 1.1;
  const x = (t: number) => left + (t / Math.max(1, xMax)) * width;
  const y = (v: number) => top + height - (v / yMax) * height;
  const out = [`<text x="${left}" y="${y0 + 18}" font-size="14" font-weight="bold">${esc(title)}</text>`];
  out.push(`<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#999"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    out.push(
      `<line x1="${left}" x2="${left + width}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${v >= 100 ? v.toFixed(0) : v.toFixed(1)}</text>`,
    );
    const t = (xMax / 4) * i;
    out.push(
      `<text x="${x(t).toFixed(1)}" y="${top + height + 14}" font-size="11" text-anchor="middle">${(t / 60).toFixed(1)} min</text>`,
    );
  }
  out.push(
    `<text x="14" y="${top + height / 2}" font-size="11" transform="rotate(-90 14 ${top + height / 2})" text-anchor="middle">${esc(unit)}</text>`,
  );
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const pts = s.points
      .filter((p) => Number.isFinite(p.v))
      .map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`)
      .join(' ');
    if (pts) out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts}"/>`);
    const ly = top + 10 + i * 13;
    out.push(
      `<line x1="${left + width + 12}" x2="${left + width + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${left + width + 34}" y="${ly}" font-size="11">${esc(s.name)}</text>`,
    );
  });
  return out.join('\n');
}

/** The run as a hand-written SVG: memory per process, Kafka lag and outbox backlog, p50/p99 per window. */
export function soakSvg(samples: SoakSample[], caption: string): string {
  const xMax = samples.at(-1)?.t ?? 1;
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.memory)))];
  const series = (f: (s: SoakSample) => number) => samples.map((s) => ({ t: s.t, v: f(s) }));
  const panels = [
    panel(
      34,
      'Private dirty memory per process',
      'MiB',
      xMax,
      names.map((n) => ({ name: n, points: series((s) => s.memory[n] ?? Number.NaN) })),
    ),
    panel(270, 'Consumer lag', 'events / rows', xMax, [
      { name: 'Kafka lag (uncommitted records)', points: series((s) => s.kafkaLag) },
      { name: 'outbox rows not yet published', points: series((s) => s.outbox) },
    ]),
    panel(510, 'Answer times per window', 'ms', xMax, [
      { name: 'p99', points: series((s) => s.p99) },
      { name: 'p50', points: series((s) => s.p50) },
    ]),
  ];
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="980" height="760" font-family="sans-serif">',
    `<title>Soak: memory per process, consumer lag and answer times over time (${esc(caption.split('\n')[0] ?? '')})</title>`,
    '<rect width="100%" height="100%" fill="white"/>',
    ...caption.split('\n').map((line, i) => `<text x="70" y="${14 + i * 13}" font-size="11">${esc(line)}</text>`),
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}
