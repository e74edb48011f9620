import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';

// bigint columns (offsets, sequences) come back as JS numbers; they stay below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

// biome-ignore lint/suspicious/noExplicitAny: services type their own tables; the platform's are raw SQL.
export type AnyDB = any;
export type Tx<DB = AnyDB> = Transaction<DB>;
export type Db<DB = AnyDB> = Kysely<DB>;

/** One service's database: a pool and the query layer (Kysely) over it. */
export class Database<DB = AnyDB> {
  readonly #pool: pg.Pool;
  readonly db: Kysely<DB>;
  readonly url: string;

  constructor(url: string, options: { max?: number } = {}) {
    this.url = url;
    this.#pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
    // An idle client losing its server must not crash the process; the pool replaces it.
    this.#pool.on('error', () => undefined);
    // Nor may a checked-out one between two queries (a transaction awaiting something else, a
    // LISTEN connection) when the server dies: pg would emit 'error' with no listener. The
    // query in flight still fails, and the pool drops the broken client when it is released.
    this.#pool.on('connect', (client) => client.on('error', () => undefined));
    this.db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: this.#pool }) });
  }

  transaction<T>(fn: (tx: Tx<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
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

  /** A dedicated connection, for LISTEN and session advisory locks. */
  connect(): Promise<pg.PoolClient> {
    return this.#pool.connect();
  }

  async close(): Promise<void> {
    await this.db.destroy();
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

export function isPgError(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === code;
}
