import { Database, ensureDatabase, withDatabase } from '../src/db/database';
import { type Migration, migrate } from '../src/db/migrator';
import { testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';

/** A database of its own on the tests' PostgreSQL, with `migrations` applied (a test file's). */
export async function testDatabase(name: string, scope: string, migrations: readonly Migration[]): Promise<Database> {
  const database = `${uniquePrefix()}${name}`;
  await ensureDatabase(testPostgresUrl(), database);
  const db = new Database(withDatabase(testPostgresUrl(), database));
  await migrate(db, scope, migrations);
  return db;
}

/**
 * The same database, counting the statements run through its Kysely instance (`connect` is not
 * counted); `texts` are the statements' first words, for a raw `sql` statement (others: '').
 */
export function countingDatabase(db: Database): { database: Database; statements: () => number; texts: string[] } {
  let statements = 0;
  const texts: string[] = [];
  const database = {
    db: db.db.withPlugin({
      transformQuery: (args) => {
        statements++;
        const node = args.node as { kind: string; sqlFragments?: readonly string[] };
        texts.push((node.sqlFragments?.[0] ?? '').trim().split(/\s+/).slice(0, 3).join(' '));
        return args.node;
      },
      transformResult: async (args) => args.result,
    }),
    connect: () => db.connect(),
  } as unknown as Database;
  return { database, statements: () => statements, texts };
}
