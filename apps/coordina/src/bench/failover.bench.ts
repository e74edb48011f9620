import { join, resolve } from 'node:path';
import { type ConsumerGroupTuning, consumerGroupDefaults } from '@coordina/platform/runtime';
import { consumerFailover } from '@coordina/platform/testing';
import { percentile } from './stats';

const ROOT = resolve(__dirname, '../../../../..');
const CHILD = join(ROOT, 'packages/platform/dist/test/kafka-consumer.child.js');

export interface FailoverCase {
  name: string;
  tuning: ConsumerGroupTuning;
  signal: 'SIGKILL' | 'SIGTERM';
}

export interface FailoverRow {
  name: string;
  /** Seconds from the signal until the survivor handled records of every dead partition, per run. */
  seconds: number[];
  leaveMs: number[];
}

/** The settings before issue 11. */
function failoverCasesBefore(): ConsumerGroupTuning {
  return { protocol: 'classic', sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1000, rebalanceTimeoutMs: 15_000 };
}

export const failoverCases: FailoverCase[] = [
  { name: 'killed, before (classic, session 10 s, heartbeat 1 s)', tuning: failoverCasesBefore(), signal: 'SIGKILL' },
  { name: 'killed, now (defaults)', tuning: {}, signal: 'SIGKILL' },
  {
    name: 'killed, KIP-848 consumer protocol (broker: session 3 s, heartbeat 500 ms)',
    tuning: { protocol: 'consumer' },
    signal: 'SIGKILL',
  },
  { name: 'stopped (SIGTERM), before (classic, session 10 s)', tuning: failoverCasesBefore(), signal: 'SIGTERM' },
  { name: 'stopped (SIGTERM), now (defaults)', tuning: {}, signal: 'SIGTERM' },
];

/**
 * Two members of a consumer group in two processes; one is killed (SIGKILL) or stopped
 * (SIGTERM) while keyed events flow on every partition; measures how long the survivor
 * takes to handle records of the partitions the other one owned.
 */
export async function failoverBench(brokers: string[], runs: number, cases = failoverCases): Promise<FailoverRow[]> {
  const rows: FailoverRow[] = [];
  for (const c of cases) {
    const row: FailoverRow = { name: c.name, seconds: [], leaveMs: [] };
    for (let i = 0; i < runs; i++) {
      const r = await consumerFailover({ brokers, childScript: CHILD, tuning: c.tuning, signal: c.signal });
      row.seconds.push(r.movedAfterMs / 1000);
      if (r.leaveMs !== undefined) row.leaveMs.push(r.leaveMs);
      process.stdout.write(
        `${c.name}: partitions of a ${c.signal === 'SIGKILL' ? 'killed' : 'stopped'} consumer moved after ${(r.movedAfterMs / 1000).toFixed(1)} s (partitions ${r.deadPartitions}, ${r.movedEvents} events moved, none lost)\n`,
      );
    }
    rows.push(row);
  }
  return rows;
}

export function failoverTable(rows: FailoverRow[]): string {
  const lines = [
    '| case | runs | moved after, median s | max s | each run s |',
    '|---|---:|---:|---:|---|',
    ...rows.map((r) => {
      const sorted = [...r.seconds].sort((a, b) => a - b);
      const leave = r.leaveMs.length ? ` (leaving took ${r.leaveMs.map((m) => m.toFixed(0)).join(', ')} ms)` : '';
      return `| ${r.name}${leave} | ${r.seconds.length} | ${percentile(sorted, 50).toFixed(1)} | ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} | ${r.seconds.map((s) => s.toFixed(1)).join(', ')} |`;
    }),
    '',
    `Defaults now: ${JSON.stringify(consumerGroupDefaults)}.`,
  ];
  return lines.join('\n');
}
