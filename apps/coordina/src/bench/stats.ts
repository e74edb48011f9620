import { cpus, totalmem } from 'node:os';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface Row {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  note?: string;
}

export function summarize(name: string, count: number, seconds: number, latenciesMs: number[], note?: string): Row {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { name, perSecond: count / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), note };
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export function table(rows: Row[], unit: string): string {
  const lines = [`| case | ${unit}/s | p50 ms | p99 ms | note |`, '|---|---:|---:|---:|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}
