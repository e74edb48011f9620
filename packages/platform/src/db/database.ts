import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { contextWith, pastSpan, traced, tracingOn } from '../observability/tracing';
import { BeginFoldingClient } from './begin-folding.client';

// bigint columns (offsets, sequences) come back as JS numbers; they stay below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

// biome-ignore lint/suspicious/noExplicitAny: every query is SQL through the `sql` tag, so no table types (decision 0002).
export type AnyDB = any;
export type Tx<DB = AnyDB> = Transaction<DB>;
export type Db<DB = AnyDB> = Kysely<DB>;

/** What runs after each open transaction of `Database.transaction` commits (nothing if it rolls back). */
const commitHooks = new WeakMap<Tx, (() => void)[]>();

/**
 * Runs `hook` once `tx` has committed (never if it rolls back): a local wake-up for work the
 * transaction made visible (decision 0078). False when `tx` was not opened by
 * `Database.transaction`, so the caller falls back to what it did without it. A hook must not throw.
 */
export function afterCommit(tx: Tx, hook: () => void): boolean {
  const hooks = commitHooks.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

/** One service's database: a pool and the query layer (Kysely) over it. */
export class Database<DB = AnyDB> {
  readonly #pool: pg.Pool;
  readonly db: Kysely<DB>;
  readonly url: string;

  constructor(
    url: string,
    options: {
      max?: number /** Tests: how long a connection above the minimum stays idle (10 s). */;
      idleTimeoutMs?: number;
    } = {},
  ) {
    this.url = url;
    // Its transactions send BEGIN with their first statement, one round trip less each (decision 0108).
    // One idle connection stays open (decision 0122): an idle poller asking every 15 s or more
    // would otherwise get a new backend (a fork and its catalog caches) for each round, as the
    // pool closes a connection idle for 10 s. Idle connections do not hold the process open
    // (`allowExitOnIdle`): a pool someone forgot to close must not keep a finished process alive.
    this.#pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      min: 1,
      idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
      allowExitOnIdle: true,
      Client: BeginFoldingClient,
    });
    this.#pool.on('release', (_err, client) => (client as unknown as BeginFoldingClient).resetBegin());
    // An idle client losing its server must not crash the process; the pool replaces it.
    this.#pool.on('error', () => undefined);
    // Nor may a checked-out one between two queries (a transaction awaiting something else, a
    // LISTEN connection) when the server dies: pg would emit 'error' with no listener. The
    // query in flight still fails, and the pool drops the broken client when it is released.
    this.#pool.on('connect', (client) => client.on('error', () => undefined));
    this.db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: this.#pool }) });
  }

  /** Runs `fn` in a transaction; what `afterCommit` registered on it runs once it has committed. */
  async transaction<T>(fn: (tx: Tx<DB>) => Promise<T>): Promise<T> {
    const hooks: (() => void)[] = [];
    const body = (tx: Tx<DB>) => {
      commitHooks.set(tx, hooks);
      return fn(tx);
    };
    const result = await this.#transaction(body);
    for (const hook of hooks) hook();
    return result;
  }

  #transaction<T>(fn: (tx: Tx<DB>) => Promise<T>): Promise<T> {
    if (!tracingOn()) return this.db.transaction().execute(fn);
    // Traced inside a request's or an event's span: the transaction, and its COMMIT apart.
    return traced(
      'db.transaction',
      async (span) => {
        if (!span) return this.db.transaction().execute(fn);
        let workDone = 0;
        const result = await this.db.transaction().execute(async (tx) => {
          const r = await fn(tx);
          workDone = performance.now();
          return r;
        });
        pastSpan('db.commit', workDone, contextWith(span));
        return result;
      },
      { nested: true },
    );
  }

  /**
   * A transaction that runs again (up to `attempts` times in all) when PostgreSQL aborted it
   * for a deadlock or a serialization failure; `fn` must be safe to run again.
   */
  async retryingTransaction<T>(fn: (tx: Tx<DB>) => Promise<T>, attempts = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(fn);
      } catch (err) {
        if (attempt >= attempts || !(isPgError(err, '40P01') || isPgError(err, '40001'))) throw err;
      }
    }
  }

  /**
   * A dedicated connection, for LISTEN and session advisory locks. While it is held the pool keeps
   * one more connection open (decision 0128): the one idle connection of decision 0122 is one
   * beside those held, or a poller's round every 30 s would get a new backend each time (the pool
   * counts held connections towards its minimum and closes any above it after 10 s idle).
   */
  async connect(): Promise<pg.PoolClient> {
    const options = this.#pool.options as { min: number };
    options.min++;
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      options.min--;
      throw err;
    }
    const release = client.release.bind(client);
    let released = false;
    client.release = (err?: Error | boolean) => {
      if (!released) {
        released = true;
        options.min--;
      }
      return release(err);
    };
    return client;
  }

  /**
   * Ends every connection. Kysely ends the pool only when it ran a query itself; a database used
   * through `connect()` alone is ended here, or its idle connection (kept, decision 0122) would
   * hold the process open.
   */
  async close(): Promise<void> {
    await this.db.destroy();
    if (!this.#pool.ending) await this.#pool.end();
  }
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a database if it does not exist (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } catch (err) {
        // Two processes racing to create it: the loser sees duplicate_database.
        if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

/** Socket errors of a server that is down, restarting or unreachable. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres says when it loses a server or cannot get a connection in time. */
const LOST = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/;

/**
 * True when `err` says the database could not be reached, not that the work was wrong: the
 * connection was refused or lost (SQLSTATE class 08), the server is shutting down or starting
 * up (57P01-57P03), or has no connection slot left (53300). Work that failed this way is
 * waited for and retried, never counted as the work's own failure.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNREACHABLE.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300') return true;
    }
    if (typeof message === 'string' && LOST.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function isPgError(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === code;
}
