import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reservePort } from '@coordina/platform/runtime';
import { logOutput, logTail } from '../child.process';

const ROOT = resolve(__dirname, '../../../../..');
const TICKS_PER_SECOND = 100;

export interface StartResult {
  /** `npm start` on a fresh data directory (cluster created, migrations, demo data) → healthy. */
  coldMs: number;
  /** `npm start` again on that data directory, the build up to date → healthy. */
  warmMs: number;
  /** CPU of every process of the product (npm, node, PostgreSQL and its backends), percent of one core. */
  idleCpuPercent: number;
  idleSeconds: number;
  /** The idle CPU split by program (node, postgres, npm...), percent of one core. */
  idleByProgram: Record<string, number>;
}

/** pid → [parent pid, CPU ticks of the process and of its reaped children, program] for every process. */
function processTable(): Map<number, [number, number, string]> {
  const table = new Map<number, [number, number, string]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the name: state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based from pid.
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      // Node names its main thread, and npm sets its title: shorten to the program.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const program = comm === 'MainThread' ? 'node' : (comm.split(' ')[0] ?? comm);
      table.set(Number(name), [Number(f[1]), ticks, program]);
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The process and every descendant of it that is alive now. */
export function processTree(root: number): number[] {
  const table = processTable();
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, [ppid]] of table) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  return tree.filter((p) => table.has(p));
}

/**
 * CPU seconds used so far by a process tree: a live process's own time plus that of the
 * children it already reaped (so a backend that ended meanwhile still counts, in its parent).
 */
export function treeCpuSeconds(root: number): Map<string, number> {
  const table = processTable();
  const byProgram = new Map<string, number>();
  for (const pid of processTree(root)) {
    const [, ticks, program] = table.get(pid) ?? [0, 0, ''];
    byProgram.set(program, (byProgram.get(program) ?? 0) + ticks / TICKS_PER_SECOND);
  }
  return byProgram;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** `npm start` as typed in a terminal, in a process group of its own so Ctrl-C can be sent to it. */
class NpmStart {
  readonly #child: ChildProcess;
  #exited = false;
  readonly #seen = new Set<number>();

  constructor(
    readonly url: string,
    port: number,
    dataDir: string,
    readonly logFile: string,
  ) {
    const env = { ...process.env };
    for (const k of ['DATABASE_URL', 'COORDINA_DB_PREFIX', 'COORDINA_MODE', 'KAFKA_BROKERS', 'REDIS_URL', 'PORT'])
      delete env[k];
    this.#child = spawn('npm', ['start', '--', '--port', String(port), '--data-dir', dataDir], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logOutput(this.#child, logFile);
    this.#child.once('exit', () => {
      this.#exited = true;
    });
    this.#child.once('error', () => {
      this.#exited = true;
    });
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  /** Milliseconds from `t0` until /health answers 2xx (polled every 50 ms). */
  async healthyAfter(t0: number, timeoutMs: number): Promise<number> {
    while (performance.now() - t0 < timeoutMs) {
      if (this.#exited) throw new Error(`npm start exited before it was healthy; log:\n${logTail(this.logFile, 1500)}`);
      if (await healthy(this.url)) {
        for (const p of processTree(this.pid)) this.#seen.add(p);
        return performance.now() - t0;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`npm start not healthy within ${timeoutMs} ms; log:\n${logTail(this.logFile, 1500)}`);
  }

  /** Ctrl-C (SIGINT to the group), then SIGKILL to whatever this start left behind after 30 s. */
  async stop(): Promise<void> {
    for (const p of processTree(this.pid)) this.#seen.add(p);
    if (!this.#exited) {
      try {
        process.kill(-this.pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    const end = Date.now() + 30_000;
    while (Date.now() < end && [...this.#seen].some(alive)) await new Promise((r) => setTimeout(r, 100));
    for (const p of this.#seen) {
      if (!alive(p)) continue;
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` twice on one data directory: the first start creates everything (cold), the
 * second one is the everyday start with the build up to date (warm); after it is healthy, the
 * CPU of the whole product is read from /proc over `idleSeconds` of no traffic, from
 * `SETTLE_SECONDS` after healthy on: the start's own tail (the first rounds of every poller and
 * pg-boss's first maintenance pass) is not idling.
 */
/** How long after healthy the idle measurement begins. */
export const SETTLE_SECONDS = 10;

export async function startBench(dir: string, idleSeconds: number, timeoutMs = 300_000): Promise<StartResult> {
  const dataDir = join(dir, 'start-data');
  const once = async (name: string) => {
    const port = await reservePort();
    const t0 = performance.now();
    const p = new NpmStart(`http://127.0.0.1:${port}`, port, dataDir, join(dir, `npm-start-${name}.log`));
    try {
      return { p, ms: await p.healthyAfter(t0, timeoutMs) };
    } catch (err) {
      await p.stop();
      throw err;
    }
  };
  const cold = await once('cold');
  await cold.p.stop();
  const warm = await once('warm');
  try {
    await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
    const cpu0 = treeCpuSeconds(warm.p.pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = treeCpuSeconds(warm.p.pid);
    const idleByProgram: Record<string, number> = {};
    for (const [program, s] of cpu1) {
      const used = s - (cpu0.get(program) ?? 0);
      if (used > 0) idleByProgram[program] = (100 * used) / seconds;
    }
    const total = Object.values(idleByProgram).reduce((a, b) => a + b, 0);
    return { coldMs: cold.ms, warmMs: warm.ms, idleCpuPercent: total, idleSeconds: seconds, idleByProgram };
  } finally {
    await warm.p.stop();
  }
}
