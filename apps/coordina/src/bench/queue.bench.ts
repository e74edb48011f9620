import { randomBytes } from 'node:crypto';
import { createLogger, withDatabase } from '@coordina/platform';
import { ensureDatabase, PriorityQueue } from '@coordina/platform/runtime';
import { type Row, summarize } from './stats';

interface BenchJob {
  kind: 'low' | 'urgent';
  sentAt: number;
}

const QUEUE = 'bench.work';
const CHUNK = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * p99 wait of urgent jobs while a low-priority backlog drains: floods a fresh database's
 * queue with `backlog` low jobs, starts 8 lanes, and sends one urgent job every 20 ms until
 * 90% of the backlog is done. Wait = send to handler start. perSecond is the drain rate.
 */
export async function queueBench(pgUrl: string, backlog = 100_000): Promise<Row> {
  const dbName = `b${randomBytes(4).toString('hex')}_queue`;
  await ensureDatabase(pgUrl, dbName);
  const queue = new PriorityQueue({
    service: 'bench',
    url: withDatabase(pgUrl, dbName),
    log: createLogger({ level: 'silent' }),
    idleMs: 20,
  });
  try {
    await queue.define(QUEUE);
    for (let sent = 0; sent < backlog; sent += CHUNK) {
      const n = Math.min(CHUNK, backlog - sent);
      const jobs = Array.from({ length: n }, () => ({
        data: { kind: 'low', sentAt: Date.now() } as BenchJob,
        priority: 'low' as const,
      }));
      await queue.sendMany<BenchJob>(QUEUE, jobs);
    }
    const waits: number[] = [];
    let lowDone = 0;
    const started = Date.now();
    await queue.work<BenchJob>(
      QUEUE,
      async (job) => {
        if (job.data.kind === 'urgent') waits.push(Date.now() - job.data.sentAt);
        else lowDone++;
      },
      { concurrency: 8 },
    );
    let urgentSent = 0;
    while (lowDone < backlog * 0.9) {
      await queue.send(QUEUE, { kind: 'urgent', sentAt: Date.now() } satisfies BenchJob, { priority: 'urgent' });
      urgentSent++;
      await sleep(20);
    }
    const drainedAt = Date.now();
    while (waits.length < urgentSent) await sleep(10);
    const seconds = (drainedAt - started) / 1000;
    return summarize(
      `queue: urgent wait, ${backlog} low backlog`,
      lowDone,
      seconds,
      waits,
      `${urgentSent} urgent jobs; 8 lanes drained ${lowDone} low jobs in ${seconds.toFixed(1)} s (perSecond = low jobs/s, p50/p99 = urgent wait)`,
    );
  } finally {
    await queue.stop();
  }
}
