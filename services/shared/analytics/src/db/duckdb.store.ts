import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '@coordina/platform';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { DuckDbMigration } from './duckdb.migrations';

export type DuckRow = Record<string, unknown>;

/**
 * The analytics DuckDB file. DuckDB allows one writing process, so writes go through one
 * connection, one transaction at a time (a promise queue); reads take their own connection
 * and see committed data. Opens lazily, so a write that races shutdown reopens the file.
 */
export class DuckDbStore {
  #instance: DuckDBInstance | undefined;
  #writer: DuckDBConnection | undefined;
  #opening: Promise<void> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly log: Logger,
    /** The schema, applied in order at open (systems.ts: the core's, then each system's). */
    private readonly migrations: readonly DuckDbMigration[],
  ) {}

  open(): Promise<void> {
    this.#opening ??= this.#open().catch((err) => {
      this.#opening = undefined;
      throw err;
    });
    return this.#opening;
  }

  /** Runs `fn` in one DuckDB transaction, after every earlier write; throwing rolls it back. */
  write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      await this.open();
      const conn = this.#writer as DuckDBConnection;
      await conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn(conn);
        await conn.run('COMMIT');
        return result;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    };
    return this.#serial(run);
  }

  /** A query on its own connection; JSON-friendly values (BIGINT as string, DATE as YYYY-MM-DD). */
  async read(sql: string, params: Record<string, DuckDBValue> = {}): Promise<DuckRow[]> {
    await this.open();
    const conn = await (this.#instance as DuckDBInstance).connect();
    try {
      const reader = await conn.runAndReadAll(sql, params);
      return reader.getRowObjectsJson() as DuckRow[];
    } finally {
      conn.closeSync();
    }
  }

  /** Waits for queued writes, then closes the file (releasing DuckDB's file lock). */
  close(): Promise<void> {
    return this.#serial(async () => {
      await this.#opening?.catch(() => undefined);
      this.#writer?.closeSync();
      this.#instance?.closeSync();
      this.#writer = undefined;
      this.#instance = undefined;
      this.#opening = undefined;
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #open(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const instance = await DuckDBInstance.create(this.path);
    const writer = await instance.connect();
    await writer.run(
      'CREATE TABLE IF NOT EXISTS analytics_migrations (id VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ)',
    );
    for (const m of this.migrations) {
      const done = await writer.runAndReadAll('SELECT 1 FROM analytics_migrations WHERE id = $1', [m.id]);
      if (done.currentRowCount > 0) continue;
      await writer.run('BEGIN TRANSACTION');
      await writer.run(m.sql);
      await writer.run('INSERT INTO analytics_migrations VALUES ($1, current_timestamp)', [m.id]);
      await writer.run('COMMIT');
      this.log.info({ migration: m.id, path: this.path }, 'analytics DuckDB migrated');
    }
    this.#instance = instance;
    this.#writer = writer;
  }
}
