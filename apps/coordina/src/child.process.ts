import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readSync, statSync, type WriteStream } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { budget, reservePort } from '@coordina/platform/runtime';

/** The last `bytes` of a log file, for a failure message (empty when there is none). */
export function logTail(file: string, bytes = 4000): string {
  try {
    const size = statSync(file).size;
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buf, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buf.toString('utf8');
  } catch {
    return '';
  }
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server process the topology owns, with its output in a log file. */
export class ManagedProcess {
  #child: ChildProcess | undefined;
  #exit: ExitInfo | undefined;
  #stopping = false;
  /** Called when the process ends without `stop` having been asked (a crash, or a test's kill). */
  onUnexpectedExit: ((exit: ExitInfo) => void) | undefined;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    /** Lead a process group of its own, as a command started from a terminal does (Ctrl-C tests). */
    private readonly ownGroup = false,
  ) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#exit === undefined;
  }

  /** How the last run ended, or undefined while it runs (or before it started). */
  get exit(): ExitInfo | undefined {
    return this.#exit;
  }

  start(): void {
    const child = spawn(this.command, this.args, {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.ownGroup,
    });
    const out = logOutput(child, this.logFile);
    this.#child = child;
    this.#exit = undefined;
    this.#stopping = false;
    child.once('error', (err) => {
      out.write(`\n[coordina] could not start ${this.command}: ${err.message}\n`);
      this.#exit ??= { code: -1, signal: null };
    });
    child.once('exit', (code, signal) => {
      this.#exit = { code, signal };
      if (!this.#stopping) this.onUnexpectedExit?.(this.#exit);
    });
  }

  /** Stops the process: `signal` first, SIGKILL after `timeoutMs` if it is still there. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    this.#stopping = true;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.kill(signal);
    });
  }

  /** Why it is not running, with the end of its log: for a failure message. */
  describe(): string {
    const state = this.#exit
      ? `exited (code ${this.#exit.code}, signal ${this.#exit.signal})`
      : this.running
        ? 'still running'
        : 'not started';
    const tail = logTail(this.logFile).trimEnd();
    return `${this.name} ${state}; log ${this.logFile}${tail ? `, last lines:\n${indent(tail)}` : ' is empty'}`;
  }
}

/**
 * Appends a child's stdout and stderr to `file`. The file is ended once the child has closed both,
 * not when the first of them ends (a pipe's default), which made the other's last lines a
 * write after end: an unhandled error that crashed the parent.
 */
export function logOutput(child: ChildProcess, file: string): WriteStream {
  const out = createWriteStream(file, { flags: 'a' });
  out.on('error', () => undefined);
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once('close', () => out.end());
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    | ${l}`)
    .join('\n');
}

/**
 * Waits until something listens on the port. `timeoutMs` is scaled to the machine (`budget`);
 * a process that exits meanwhile fails the wait at once, with its log.
 */
export async function waitForPort(port: number, timeoutMs: number, what: string, proc?: ManagedProcess): Promise<void> {
  const limit = budget(timeoutMs);
  const end = Date.now() + limit;
  while (Date.now() < end) {
    if (proc && !proc.running) throw new Error(`${what} stopped before listening on ${port}: ${proc.describe()}`);
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port} within ${limit} ms${proc ? `: ${proc.describe()}` : ''}`);
}

/**
 * Waits until `url/health` answers 2xx. `timeoutMs` is scaled to the machine (`budget`); a
 * process that exits meanwhile fails the wait at once, and every failure carries its log.
 */
export async function waitForHealth(
  url: string,
  timeoutMs: number,
  what: string,
  proc?: ManagedProcess,
): Promise<void> {
  const limit = budget(timeoutMs);
  const end = Date.now() + limit;
  let last = '';
  while (Date.now() < end) {
    if (proc && !proc.running) throw new Error(`${what} stopped before it was healthy at ${url}: ${proc.describe()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} not healthy at ${url} within ${limit} ms (${last})${proc ? `: ${proc.describe()}` : ''}`);
}

export interface SuperviseOptions {
  /** The instance's base URL: after a restart it is "back" once `url/health` answers. */
  url: string;
  /** Where supervision events go. */
  log: (line: string) => void;
  /** True once the owner is stopping everything: no more restarts. */
  stopping: () => boolean;
  /** First restart delay (default 1 s); it doubles on each failure in a row, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An instance that stayed up this long starts again from the first delay (default 1 min). */
  resetAfterMs?: number;
}

/**
 * Restarts a process that exits on its own (a crash, an OOM kill), like a supervisor: after
 * 1, 2, 4... up to 30 s, from 1 s again once it stayed up for a minute, logging each exit and
 * each return. `stop()` is not an exit on its own, so it never restarts a stopped process.
 */
export function supervise(proc: ManagedProcess, o: SuperviseOptions): void {
  const base = o.baseDelayMs ?? 1000;
  let failures = 0;
  let startedAt = Date.now();
  proc.onUnexpectedExit = (exit) => {
    if (o.stopping()) return;
    if (Date.now() - startedAt > (o.resetAfterMs ?? 60_000)) failures = 0;
    const delay = Math.min(o.maxDelayMs ?? 30_000, base * 2 ** failures++);
    o.log(
      `coordina: ${proc.name} exited (code ${exit.code}, signal ${exit.signal}); restarting in ${delay / 1000} s (log ${proc.logFile})`,
    );
    setTimeout(() => {
      if (o.stopping()) return;
      startedAt = Date.now();
      proc.start();
      waitForHealth(o.url, 60_000, proc.name, proc).then(
        () => o.log(`coordina: ${proc.name} is back`),
        () => undefined,
      );
    }, delay).unref();
  };
}

export interface CoordinaStartOptions {
  name: string;
  dataDir: string;
  /** An existing PostgreSQL server instead of the embedded one. */
  databaseUrl?: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Its own process group, so a test can send it a terminal's Ctrl-C. */
  ownGroup?: boolean;
  /** A port reserved earlier (a restart on the same address); by default a new one. */
  port?: number;
  /** --host (default 127.0.0.1); null passes none, so the product's default applies. */
  host?: string | null;
}

/** Starts `coordina start` (the embedded default) as a child process on a reserved port. */
export async function startCoordina(o: CoordinaStartOptions): Promise<{ proc: ManagedProcess; url: string }> {
  const port = o.port ?? (await reservePort());
  const args = [resolve(__dirname, 'main.js'), 'start', '--port', String(port)];
  if (o.host !== null) args.push('--host', o.host ?? '127.0.0.1');
  args.push('--data-dir', o.dataDir, ...(o.databaseUrl ? ['--database-url', o.databaseUrl] : []));
  const proc = new ManagedProcess(o.name, process.execPath, args, o.env, o.logFile, o.ownGroup);
  proc.start();
  return { proc, url: `http://127.0.0.1:${port}` };
}
