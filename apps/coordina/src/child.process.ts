import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from '@coordina/platform';

/** A server process the topology owns, with its output in a log file. */
export class ManagedProcess {
  #child: ChildProcess | undefined;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  start(): void {
    const out = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    this.#child = child;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.kill(signal);
    });
  }
}

/** Waits until something listens on the port; `exited` stops early when the server died. */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  what: string,
  exited?: () => boolean,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (exited?.()) throw new Error(`${what} exited before listening on ${port}`);
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
  throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
}

export async function waitForHealth(url: string, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} not healthy at ${url} within ${timeoutMs} ms (${last})`);
}

export interface CoordinaStartOptions {
  name: string;
  dataDir: string;
  /** An existing PostgreSQL server instead of the embedded one. */
  databaseUrl?: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/** Starts `coordina start` (the embedded default) as a child process on a free port. */
export async function startCoordina(o: CoordinaStartOptions): Promise<{ proc: ManagedProcess; url: string }> {
  const port = await freePort();
  const args = [resolve(__dirname, 'main.js'), 'start', '--port', String(port), '--host', '127.0.0.1'];
  args.push('--data-dir', o.dataDir, ...(o.databaseUrl ? ['--database-url', o.databaseUrl] : []));
  const proc = new ManagedProcess(o.name, process.execPath, args, o.env, o.logFile);
  proc.start();
  return { proc, url: `http://127.0.0.1:${port}` };
}
