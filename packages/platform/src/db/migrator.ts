import { sql } from 'kysely';
import type { Database } from './database';

export interface Migration {
  /** Sortable id, e.g. `001_init`. Applied once, in order. */
  readonly id: string;
  readonly sql: string;
}

/** Applies versioned SQL migrations under an advisory lock, each in its own transaction. */
export async function migrate(database: Database, scope: string, migrations: readonly Migration[]): Promise<string[]> {
  const applied: string[] = [];
  const sorted = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  await database.transaction(async (tx) => {
    // Instances booting together take turns; the lock comes first, even before the
    // bookkeeping table exists (concurrent CREATE ... IF NOT EXISTS can still collide).
    await sql`SELECT pg_advisory_xact_lock(hashtext('coordina_migrations'))`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS coordina_migrations (
      scope text NOT NULL, id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, id))`.execute(tx);
    const done = await sql<{ id: string }>`SELECT id FROM coordina_migrations WHERE scope = ${scope}`.execute(tx);
    const doneIds = new Set(done.rows.map((r) => r.id));
    for (const m of sorted) {
      if (doneIds.has(m.id)) continue;
      await sql.raw(m.sql).execute(tx);
      await sql`INSERT INTO coordina_migrations (scope, id) VALUES (${scope}, ${m.id})`.execute(tx);
      applied.push(m.id);
    }
  });
  return applied;
}
