import { percentile } from './stats';

/** Wall-clock milliseconds with sub-millisecond precision (comparable across one process). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface Scheduled {
  /** Sequence number, from 0. */
  i: number;
  /** When it was due (nowMs scale): latency is measured from here, not from the actual send. */
  at: number;
}

export interface OpenLoopOptions {
  /** Sends per second. */
  rate: number;
  /** Length of the measured part. */
  seconds: number;
  /** Sends before the measured part, at the same rate, whose latency is not counted. */
  warmupSeconds: number;
  /** Sends the items that are due (usually one); never awaited before the next ones are due. */
  send: (due: Scheduled[]) => Promise<void>;
}

export interface OpenLoopRun {
  /** Sequence numbers from here on are measured. */
  firstMeasured: number;
  total: number;
  sendErrors: number;
  /** The first send error, for the note. */
  firstError?: string;
  /** Sends per second the driver achieved over the measured part (it should equal the rate). */
  achievedRate: number;
}

/**
 * An open-loop load: item i is due at start + i / rate whatever happened to the earlier ones,
 * and its latency is counted from that due time. A system that falls behind therefore shows
 * the whole delay its users would see, including the time an item waited to be sent
 * (coordinated omission avoided, as in wrk2). The driver wakes every millisecond and sends
 * what is due without waiting for earlier sends to finish.
 */
export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopRun> {
  const firstMeasured = Math.round(o.warmupSeconds * o.rate);
  const total = firstMeasured + Math.round(o.seconds * o.rate);
  const interval = 1000 / o.rate;
  const inflight = new Set<Promise<void>>();
  let sendErrors = 0;
  let firstError: string | undefined;
  const start = nowMs() + 5;
  let next = 0;
  let measuredFrom = Number.NaN;
  let measuredTo = Number.NaN;
  while (next < total) {
    const due = Math.min(total, Math.floor((nowMs() - start) / interval) + 1);
    if (due > next) {
      const batch: Scheduled[] = [];
      for (; next < due; next++) batch.push({ i: next, at: start + next * interval });
      if (batch.some((b) => b.i === firstMeasured)) measuredFrom = nowMs();
      const p = o.send(batch).catch((err: unknown) => {
        sendErrors += batch.length;
        firstError ??= err instanceof Error ? err.message : String(err);
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    if (next >= total) measuredTo = nowMs();
    else await new Promise((r) => setTimeout(r, Math.max(0, Math.min(1, start + next * interval - nowMs()))));
  }
  await Promise.all(inflight);
  const sentMeasured = total - firstMeasured;
  const achievedRate = sentMeasured / Math.max(0.001, (measuredTo - measuredFrom + interval) / 1000);
  return { firstMeasured, total, sendErrors, firstError, achievedRate };
}

export interface HopStats {
  p50: number;
  p99: number;
  max: number;
  received: number;
  lost: number;
}

/** Latency stats of the measured items (latencies by sequence number; missing ones are lost). */
export function hopStats(latencies: Map<number, number>, run: OpenLoopRun): HopStats {
  const measured: number[] = [];
  for (let i = run.firstMeasured; i < run.total; i++) {
    const l = latencies.get(i);
    if (l !== undefined) measured.push(l);
  }
  measured.sort((a, b) => a - b);
  return {
    p50: percentile(measured, 50),
    p99: percentile(measured, 99),
    max: measured.at(-1) ?? Number.NaN,
    received: measured.length,
    lost: run.total - run.firstMeasured - measured.length,
  };
}

/** Resolves once `done()` holds, or after `timeoutMs` (then false). */
export async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
