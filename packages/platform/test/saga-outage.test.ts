import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import { Database } from '../src/db/database';
import { EmbeddedPostgresServer } from '../src/db/embedded-postgres.server';
import { migrate } from '../src/db/migrator';
import { createLogger } from '../src/observability/logger';
import { defineSaga } from '../src/saga/saga.definition';
import { SagaOrchestrator } from '../src/saga/saga.orchestrator';
import { eventually } from '../src/testing/start-test-app';
import { EventBus } from '../src/transport/event-bus';
import { PgLogBroker } from '../src/transport/pg-log.broker';
import { serviceMigrations } from '../src/transport/platform-migrations';

const Asked = defineEvent({
  topic: 'outage.saga.asked',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});
const Refused = defineEvent({
  topic: 'outage.saga.refused',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});

/**
 * Review mend (issue 13): a database outage while the timekeeper handles a saga is not the
 * saga's failed attempt. The saga's step times out at once; its undo, the first time, restarts
 * PostgreSQL under the open transaction (SIGKILL, then start), so the handling fails with a lost
 * connection while the database is back. Its policy parks it after ONE failed attempt: counted,
 * the outage would park it; not counted, the next round compensates it.
 */
describe('saga timekeeper during a database outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-saga-outage-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { ownProcessGroup: false });
  // Warnings (the timekeeper's failed rounds) go to a file, shown when the test fails.
  const logFile = join(dir, 'test.log');
  const log = createLogger({ level: 'warn', file: logFile });
  /** What the test saw, for a failure's message: the undo's restart and the timekeeper's warnings. */
  const seen: string[] = [];
  const story = () => {
    const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n') : [];
    const warnings = lines.slice(-30).map((line) => {
      const w = JSON.parse(line) as { time: number; msg: string; err?: { message?: string } };
      return `${new Date(w.time).toISOString()} ${w.msg}: ${w.err?.message ?? ''}`;
    });
    return `\n${seen.join('\n')}\n${lines.length} warnings, the last:\n${warnings.join('\n')}`;
  };
  let db: Database;
  let sagas: SagaOrchestrator;

  before(async () => {
    const url = await pg.start();
    db = new Database(url);
    await migrate(db, 'platform', serviceMigrations);
  });
  after(async () => {
    await sagas?.stop();
    await db?.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not count a lost database as a failed attempt, and compensates once it is back', async () => {
    let undos = 0;
    const bus = new EventBus('outage', db, new PgLogBroker(db, log), log);
    sagas = new SagaOrchestrator('outage', db, bus, log, undefined, 50);
    sagas.register(
      defineSaga<{ n: number }>({
        name: 'outage',
        retry: { maxAttempts: 1, delayMs: 50 },
        steps: [
          {
            name: 'Ask',
            command: async () => undefined,
            replies: { success: Asked, failure: Refused, correlate: (d: { sagaId: string }) => d.sagaId },
            timeoutMs: 1,
            undo: {
              name: 'ForgetAsk',
              run: async (_state, ctx) => {
                if (undos++ === 0) {
                  seen.push(`${new Date().toISOString()} undo 1: killing PostgreSQL`);
                  await pg.kill();
                  try {
                    await pg.start();
                  } catch (err) {
                    seen.push(`${new Date().toISOString()} undo 1: PostgreSQL did not start again: ${String(err)}`);
                    throw err;
                  }
                  seen.push(`${new Date().toISOString()} undo 1: PostgreSQL is back`);
                }
                await sql`SELECT 1`.execute(ctx.tx);
              },
            },
          },
        ],
      }),
    );
    const id = randomUUID();
    await db.transaction((tx) => sagas.start(tx, 'outage', id, { n: 1 }));
    sagas.startTimekeeper();
    const done = await eventually(
      async () => {
        const s = await sagas.get(id);
        return s && s.status !== 'RUNNING' && s.status !== 'COMPENSATING' ? s : undefined;
      },
      60_000,
      100,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}; undos run: ${undos}${story()}`);
    });
    assert.equal(done.status, 'COMPENSATED', `the outage was counted: ${done.lastError}${story()}`);
    assert.equal(done.attempts, 0);
    assert.equal(undos, 2, 'the undo ran again once the database was back');
    const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_saga_log
      WHERE saga_id = ${id} AND action = 'attempt-failed'`.execute(db.db);
    assert.equal(counted.rows[0]?.n, 0);
  });
});
