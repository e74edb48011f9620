import { randomBytes } from 'node:crypto';
import type { FinishedSpan } from '@coordina/platform/runtime';
import { percentile } from './stats';

/** A W3C traceparent starting a new trace: the client's root span, which the gateway continues. */
export function newTraceparent(): { traceparent: string; traceId: string; rootSpanId: string } {
  const traceId = randomBytes(16).toString('hex');
  const rootSpanId = randomBytes(8).toString('hex');
  return { traceparent: `00-${traceId}-${rootSpanId}-01`, traceId, rootSpanId };
}

/** The hops every traced command crosses, from the POST to the saga's end (span names' first word). */
export const HOPS = [
  'http.server',
  'handler',
  'db.transaction',
  'db.commit',
  'outbox.insert',
  'publish',
  'receive',
  'inbox.claim',
  'handle',
  'saga.start',
  'saga.step',
  'saga.reply',
  'saga.end',
] as const;

/** What a span is, for the breakdown: the server spans by kind, the others by their name's first word. */
export function hopOf(s: FinishedSpan): string {
  if (s.kind === 1) return 'http.server';
  return s.name.split(' ')[0] ?? s.name;
}

/**
 * What is wrong with one command's trace: spans whose parent is not in it (other than the
 * client's root span), and hops missing. Empty when it is one connected trace.
 */
export function traceProblems(spans: readonly FinishedSpan[], rootSpanId: string): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const problems: string[] = [];
  for (const s of spans) {
    if (s.parentId === undefined) problems.push(`${s.name} is a root span`);
    else if (s.parentId !== rootSpanId && !ids.has(s.parentId)) problems.push(`${s.name}'s parent is not in the trace`);
  }
  const hops = new Set(spans.map(hopOf));
  for (const h of HOPS) if (!hops.has(h)) problems.push(`no ${h} span`);
  return problems;
}

/** Milliseconds between two hops of each event, and where each wait starts and ends. */
interface Gap {
  name: string;
  ms: number;
}

/**
 * The waits between hops in one trace: each event's commit → relay pick-up, relay ack →
 * consumer receive, receive → handler start, and the whole POST → saga end.
 */
export function gapsOf(spans: readonly FinishedSpan[]): Gap[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, FinishedSpan[]>();
  for (const s of spans) if (s.parentId) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s]);
  // When the transaction around `span` committed: its db.commit's end (the span's own end otherwise).
  const committedAfter = (span: FinishedSpan): number => {
    for (let up = byId.get(span.parentId ?? ''); up; up = byId.get(up.parentId ?? '')) {
      const commit = (children.get(up.spanId) ?? []).find((c) => c.name === 'db.commit');
      if (commit) return commit.endMs;
    }
    return span.endMs;
  };
  const gaps: Gap[] = [];
  for (const job of spans.filter((s) => hopOf(s) === 'job')) {
    const sender = byId.get(job.parentId ?? '');
    if (sender) gaps.push({ name: 'job sent (commit) → job start', ms: job.startMs - committedAfter(sender) });
  }
  for (const insert of spans.filter((s) => hopOf(s) === 'outbox.insert')) {
    const committed = committedAfter(insert);
    const after = children.get(insert.spanId) ?? [];
    const publish = after.find((c) => hopOf(c) === 'publish');
    if (publish) {
      gaps.push({ name: 'commit → relay pick-up', ms: publish.startMs - committed });
      for (const r of after.filter((c) => hopOf(c) === 'receive')) {
        gaps.push({ name: 'relay ack → consumer receive', ms: r.startMs - publish.endMs });
        gaps.push({ name: 'commit → consumer receive', ms: r.startMs - committed });
      }
    }
    for (const r of after.filter((c) => hopOf(c) === 'receive')) {
      const handle = descendants(r, children).find((c) => hopOf(c) === 'handle');
      if (handle) gaps.push({ name: 'receive → handler start', ms: handle.startMs - r.startMs });
    }
  }
  const server = spans.filter((s) => hopOf(s) === 'http.server').sort((a, b) => a.startMs - b.startMs)[0];
  const end = spans.filter((s) => hopOf(s) === 'saga.end').sort((a, b) => b.endMs - a.endMs)[0];
  if (server && end) gaps.push({ name: 'POST → saga end (whole trace)', ms: end.endMs - server.startMs });
  return gaps;
}

function descendants(root: FinishedSpan, children: Map<string, FinishedSpan[]>): FinishedSpan[] {
  const out: FinishedSpan[] = [];
  const stack = [...(children.get(root.spanId) ?? [])];
  for (let s = stack.pop(); s; s = stack.pop()) {
    out.push(s);
    stack.push(...(children.get(s.spanId) ?? []));
  }
  return out;
}

export interface BreakdownRow {
  name: string;
  /** Spans (or gaps) per traced command. */
  perCommand: number;
  p50: number;
  p99: number;
  /** Sum over a command, at the median: where a command's time adds up. */
  totalP50: number;
}

/** Per hop: how long its spans last; per gap: how long the wait is (p50/p99 over the traces). */
export function breakdown(traces: readonly (readonly FinishedSpan[])[]): {
  hops: BreakdownRow[];
  gaps: BreakdownRow[];
} {
  const rows = (samples: Map<string, number[][]>): BreakdownRow[] =>
    [...samples].map(([name, perTrace]) => {
      const all = perTrace.flat().sort((a, b) => a - b);
      const sums = perTrace.map((v) => v.reduce((a, b) => a + b, 0)).sort((a, b) => a - b);
      return {
        name,
        perCommand: all.length / traces.length,
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        totalP50: percentile(sums, 50),
      };
    });
  const hops = new Map<string, number[][]>();
  const gaps = new Map<string, number[][]>();
  traces.forEach((spans, i) => {
    for (const s of spans) push(hops, hopOf(s), i, s.endMs - s.startMs);
    for (const g of gapsOf(spans)) push(gaps, g.name, i, g.ms);
  });
  return { hops: rows(hops).sort((a, b) => b.totalP50 - a.totalP50), gaps: rows(gaps) };
}

function push(m: Map<string, number[][]>, key: string, i: number, v: number): void {
  let perTrace = m.get(key);
  if (!perTrace) {
    perTrace = [];
    m.set(key, perTrace);
  }
  const at = perTrace[i] ?? [];
  at.push(v);
  perTrace[i] = at;
}

/** The breakdown as Markdown tables. */
export function breakdownTable(title: string, b: { hops: BreakdownRow[]; gaps: BreakdownRow[] }): string {
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `**${title}**`,
    '',
    '| span | per command | p50 ms | p99 ms | sum per command, p50 ms |',
    '|---|---:|---:|---:|---:|',
    ...b.hops.map((r) => `| ${r.name} | ${f(r.perCommand)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.totalP50)} |`),
    '',
    '| wait between hops | per command | p50 ms | p99 ms | sum per command, p50 ms |',
    '|---|---:|---:|---:|---:|',
    ...b.gaps.map((r) => `| ${r.name} | ${f(r.perCommand)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.totalP50)} |`),
  ];
  return `${lines.join('\n')}\n`;
}
