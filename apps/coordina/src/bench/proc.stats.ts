import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total jiffies of the whole machine so far (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const [, ...f] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const n = f.map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the machine is quiet (under `busyShare` of its CPU for two samples of 500 ms
 * in a row) or `maxMs` passed, so that a measurement does not pay for the background work an
 * earlier one left behind (sagas, emails, analytics, autovacuum). Resolves the ms waited.
 */
export async function machineQuiet(busyShare = 0.3, maxMs = 60_000): Promise<number> {
  const t0 = performance.now();
  let quiet = 0;
  let prev = machineTicks();
  if (!prev) return 0;
  while (quiet < 2 && performance.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 500));
    const now = machineTicks();
    if (!now) return 0;
    const share = (now.busy - prev.busy) / Math.max(1, now.total - prev.total);
    quiet = share < busyShare ? quiet + 1 : 0;
    prev = now;
  }
  return performance.now() - t0;
}
