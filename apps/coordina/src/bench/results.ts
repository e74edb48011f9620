import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/**
 * The named numbers of one `coordina bench` run (bench/results.json), grouped by what measures
 * them. Every key of every group is always written: a group that did not run or failed has
 * null for each of its keys and `<group>.null_reason` saying why, so a reader (or a script
 * comparing runs) never confuses "not measured" with "missing from the file".
 */
export const RESULT_GROUPS = {
  gateway: [
    'gateway.throughput_ratio_vs_nginx',
    'gateway.added_p50_ms',
    'gateway.coordina.per_second',
    'gateway.coordina.p50_ms',
    'gateway.coordina.p99_ms',
    'gateway.nginx.per_second',
    'gateway.nginx.p50_ms',
    'gateway.nginx.p99_ms',
  ],
  service: [
    'service.cached_read_ratio_vs_plain_fastify',
    'service.cached_read.per_second',
    'service.cached_read.p50_ms',
    'service.cached_read.p99_ms',
    'service.plain_fastify.per_second',
    'service.plain_fastify.p50_ms',
    'service.plain_fastify.p99_ms',
  ],
  'events.pglog.burst': ['events.pglog.burst_per_second', 'events.pglog.burst_p50_ms', 'events.pglog.burst_p99_ms'],
  'events.pglog.steady': [
    'events.pglog.steady_rate_per_second',
    'events.pglog.steady_hop_p50_ms',
    'events.pglog.steady_hop_p99_ms',
    'events.pglog.steady_hop_max_ms',
    'events.pglog.steady_lost',
  ],
  'events.kafka_raw.burst': [
    'events.kafka_raw.burst_per_second',
    'events.kafka_raw.burst_p50_ms',
    'events.kafka_raw.burst_p99_ms',
  ],
  'events.kafka_raw.steady': [
    'events.kafka_raw.steady_rate_per_second',
    'events.kafka_raw.steady_hop_p50_ms',
    'events.kafka_raw.steady_hop_p99_ms',
    'events.kafka_raw.steady_hop_max_ms',
    'events.kafka_raw.steady_lost',
  ],
  'events.kafka.burst': [
    'events.kafka.throughput_ratio_vs_raw',
    'events.kafka.burst_per_second',
    'events.kafka.burst_p50_ms',
    'events.kafka.burst_p99_ms',
  ],
  'events.kafka.steady': [
    'events.kafka.steady_rate_per_second',
    'events.kafka.steady_hop_p50_ms',
    'events.kafka.steady_hop_p99_ms',
    'events.kafka.steady_hop_max_ms',
    'events.kafka.steady_lost',
  ],
  queue: ['queue.low_per_second', 'queue.urgent_p50_ms', 'queue.urgent_p99_ms'],
  'saga.embedded': [
    'saga.embedded.per_second',
    'saga.embedded.p50_ms',
    'saga.embedded.p99_ms',
    'saga.embedded.cpu_s_per_booking',
  ],
  'saga.embedded.steady': [
    'saga.embedded.steady_rate_per_second',
    'saga.embedded.steady_p50_ms',
    'saga.embedded.steady_p99_ms',
  ],
  'saga.distributed': [
    'saga.distributed.per_second',
    'saga.distributed.p50_ms',
    'saga.distributed.p99_ms',
    'saga.distributed.cpu_s_per_booking',
  ],
  'saga.distributed.steady': [
    'saga.distributed.steady_rate_per_second',
    'saga.distributed.steady_p50_ms',
    'saga.distributed.steady_p99_ms',
  ],
  'rush.embedded': [
    'rush.embedded.p50_ms',
    'rush.embedded.p99_ms',
    'rush.embedded.accepted_per_second',
    'rush.embedded.all_sold_s',
    'rush.embedded.tickets_issued',
    'rush.embedded.oversell',
    'rush.embedded.errors',
  ],
  'rush.distributed': [
    'rush.distributed.p50_ms',
    'rush.distributed.p99_ms',
    'rush.distributed.accepted_per_second',
    'rush.distributed.all_sold_s',
    'rush.distributed.tickets_issued',
    'rush.distributed.oversell',
    'rush.distributed.errors',
  ],
  rush: ['rush.oversell', 'rush.duplicate_codes'],
  start: ['start.cold_ms', 'start.warm_ms', 'start.idle_cpu_percent', 'start.idle_seconds'],
  'gamevault.search': [
    'gamevault.search_p95_ms',
    'gamevault.search_p50_ms',
    'gamevault.search_text_p95_ms',
    'gamevault.search_text_p50_ms',
    'gamevault.search_products',
    'gamevault.seed_seconds',
  ],
  'gamevault.reviews': [
    'gamevault.review_reads_p95_ms',
    'gamevault.review_reads_p50_ms',
    'gamevault.review_cache_hit_rate',
    'gamevault.review_readers',
    'gamevault.review_visible_p99_ms',
    'gamevault.review_visible_p50_ms',
    'gamevault.review_visible_count',
  ],
  'gamevault.keys': [
    'gamevault.webhook_to_key_p99_ms',
    'gamevault.webhook_to_key_p50_ms',
    'gamevault.webhook_to_key_count',
  ],
  'chat.channels': ['chat.channel_10k_notified_ms', 'chat.channel_10k_notified_max_ms', 'chat.channel_10k_post_ms'],
  'chat.fanout': [
    'chat.fanout_p99_ms',
    'chat.fanout_p50_ms',
    'chat.fanout_send_answer_p50_ms',
    'chat.fanout_send_answer_p99_ms',
    'chat.fanout_server_cpu_ms_per_message',
    'chat.fanout_raw_ws_server_cpu_ms_per_message',
    'chat.fanout_raw_ws_p99_ms',
    'chat.fanout_ratio_vs_raw_ws',
    'chat.fanout_lost',
  ],
  'chat.sockets': ['chat.sockets_10k_bytes_per_socket', 'chat.sockets_10k_errors'],
} as const;

export type ResultGroup = keyof typeof RESULT_GROUPS;
export type ResultKey = (typeof RESULT_GROUPS)[ResultGroup][number];

/** The sections `--only` accepts; a dotted name (e.g. `saga.embedded`) picks one row of a section. */
export const SECTIONS = ['start', 'events', 'queue', 'saga', 'rush', 'gateway', 'gamevault', 'chat'] as const;

export class BenchResults {
  readonly #values = new Map<string, number | null>();
  readonly #reasons = new Map<string, string>();

  /** Records a group's numbers; a number that is not finite is recorded as null. */
  set<G extends ResultGroup>(group: G, values: Partial<Record<(typeof RESULT_GROUPS)[G][number], number>>): void {
    for (const [k, v] of Object.entries(values) as [string, number | undefined][]) {
      this.#values.set(k, v !== undefined && Number.isFinite(v) ? round(v) : null);
    }
    const missing = RESULT_GROUPS[group].filter((k) => (this.#values.get(k) ?? null) === null);
    if (missing.length > 0) this.#reasons.set(group, `not measured: ${missing.join(', ')}`);
    else this.#reasons.delete(group);
  }

  /** Marks a group as not measured (not asked for, or failed): its keys stay null. */
  fail(group: ResultGroup, reason: string): void {
    if (!this.has(group) && !this.#reasons.has(group))
      this.#reasons.set(group, reason.replace(/\s+/g, ' ').slice(0, 500));
  }

  /** True once every key of the group has a value (a number or an explicit null). */
  has(group: ResultGroup): boolean {
    return RESULT_GROUPS[group].every((k) => this.#values.has(k));
  }

  get(key: ResultKey): number | null {
    return this.#values.get(key) ?? null;
  }

  /** The flat object of results.json: metadata first, then every key of every group. */
  toJSON(meta: {
    command: string;
    only: string[] | undefined;
    loadavgBefore: number[];
    commit: string | null;
    startedAt: Date;
  }): Record<string, unknown> {
    const out: Record<string, unknown> = {
      commit: meta.commit,
      date: meta.startedAt.toISOString(),
      command: meta.command,
      only: meta.only ? meta.only.join(',') : null,
      'machine.cpus': cpus().length,
      'machine.loadavg_1m_before': round(meta.loadavgBefore[0] ?? Number.NaN),
      'machine.loadavg_1m_after': round(loadavg()[0] ?? Number.NaN),
    };
    for (const [group, keys] of Object.entries(RESULT_GROUPS)) {
      for (const k of keys) out[k] = this.#values.get(k) ?? null;
      const reason = this.#reasons.get(group) ?? (keys.some((k) => !this.#values.has(k)) ? 'not run' : undefined);
      if (reason) out[`${group}.null_reason`] = reason;
    }
    return out;
  }
}

function round(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  return Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000;
}

/** The commit the bench ran on, with `-dirty` when the code in the work tree had changes; null outside git. */
export function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // bench/ holds the outputs of earlier runs, not code: a changed RESULTS.md is not "dirty".
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', ':(top,exclude)bench'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return `${head.trim()}${dirty.trim() ? '-dirty' : ''}`;
  } catch {
    return null;
  }
}

/**
 * Which rows `--only` asks for: `wanted('saga.embedded')` holds for `--only saga` and for
 * `--only saga.embedded`; everything is wanted without `--only`.
 */
export function selection(only: string[] | undefined): (row: string) => boolean {
  if (!only) return () => true;
  return (row) => only.some((o) => row === o || row.startsWith(`${o}.`) || o.startsWith(`${row}.`));
}

/** Parses `--only a,b`: unknown section names are an error, so a typo does not run nothing. */
export function parseOnly(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = [
    ...SECTIONS,
    'events.pglog',
    'events.kafka',
    'saga.embedded',
    'saga.distributed',
    'rush.embedded',
    'rush.distributed',
    'gamevault.search',
    'gamevault.reviews',
    'gamevault.keys',
    'chat.channels',
    'chat.fanout',
    'chat.sockets',
  ];
  const unknown = parts.filter((p) => !known.includes(p));
  if (parts.length === 0 || unknown.length > 0) {
    throw new Error(`--only: unknown section ${unknown.join(', ') || '(none)'}; known: ${known.join(', ')}`);
  }
  return parts;
}

/**
 * The last sections of bench/RESULTS.md. `coordina bench trace` measures where the time goes and its
 * tables live in bench/TRACES.md, and the hand-measured before/after runs in bench/HISTORY.md, so a full
 * `npm run bench`, which rewrites RESULTS.md, never drops them.
 */
export const TRACES_SECTION = [
  '## Measured by hand (before and after each change)',
  '',
  'Each speed change was measured by hand with `coordina bench --only …` on its branch and on main, with the load beside every row: [HISTORY.md](HISTORY.md), which this run leaves as it is.',
  '',
  '## Where the time goes (traces, issue 14)',
  '',
  '`coordina bench trace` measures it, not `npm run bench`: its tables and what they show are in [TRACES.md](TRACES.md), which this run leaves as it is.',
].join('\n');
