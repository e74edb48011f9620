import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { z } from 'zod';
import type { CloudEvent } from '../src/contracts/cloud-event';
import { defineEvent } from '../src/contracts/event-contract';
import { Database, isDatabaseUnavailable } from '../src/db/database';
import { EmbeddedPostgresServer } from '../src/db/embedded-postgres.server';
import { migrate } from '../src/db/migrator';
import { eventually } from '../src/testing/start-test-app';
import { on } from '../src/transport/consumer';
import { ConsumerRunner } from '../src/transport/consumer.runner';
import { serviceMigrations } from '../src/transport/platform-migrations';

const Paid = defineEvent({
  topic: 'outage.paid',
  version: 1,
  key: (d) => d.orderId,
  schema: z.object({ orderId: z.string() }),
});

/**
 * A database outage is not the event's fault: an event handled while PostgreSQL is down (killed
 * with SIGKILL, then starting up) waits for it and is handled once it is back, however long
 * that takes, instead of being parked after the retry policy's attempts (seen in a busy CI run:
 * a purchase's `compra.creada` parked during the outage, so its saga never started).
 */
describe('consumer during a database outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-outage-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { ownProcessGroup: false });
  let db: Database;
  const waits: string[] = [];
  const log = pino(
    { level: 'warn' },
    {
      write(line: string) {
        const msg = JSON.parse(line).msg as string;
        if (msg === 'database unavailable; event waits') waits.push(msg);
      },
    },
  );

  let url: string;
  before(async () => {
    url = await pg.start();
    const setup = new Database(url);
    await migrate(setup, 'platform', serviceMigrations);
    await sql`CREATE TABLE paid (order_id text PRIMARY KEY)`.execute(setup.db);
    // No connection may outlive the kill: a backend whose postmaster was SIGKILLed lives on for
    // a moment and can still run a transaction (seen in a loaded CI run: the event was handled
    // before the outage began). New connections after the kill are refused.
    await setup.close();
  });
  after(async () => {
    await db?.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for PostgreSQL to come back, then handles the event once and parks nothing', async () => {
    await pg.kill();
    db = new Database(url);
    const retry = { attempts: 3, baseMs: 10, maxMs: 100 };
    const runner = new ConsumerRunner(
      {
        group: 'outage.group',
        retry,
        handlers: [
          on(Paid, async (data, _event, tx) => {
            await sql`INSERT INTO paid (order_id) VALUES (${data.orderId})`.execute(tx);
          }),
        ],
      },
      db,
      log,
      undefined,
    );
    const orderId = randomUUID();
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'test',
      type: Paid.topic,
      subject: orderId,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'test',
      data: { orderId },
    };
    const outcome = runner.handleEvent(event);
    // Many more failed tries than the policy's attempts: the old runner had parked it by now.
    await eventually(async () => waits.length >= retry.attempts * 3, 60_000);
    await pg.start();
    assert.equal(await outcome, 'handled');
    const effects = await sql<{ n: number }>`SELECT count(*)::int AS n FROM paid WHERE order_id = ${orderId}`.execute(
      db.db,
    );
    assert.equal(effects.rows[0]?.n, 1);
    const parked = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_failed`.execute(db.db);
    assert.equal(parked.rows[0]?.n, 0, 'nothing was parked for an outage');
  });

  it('tells an outage from a failure of the work', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    assert.equal(isDatabaseUnavailable(refused), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('starting up'), { code: '57P03' })), true);
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isDatabaseUnavailable(new Error('wrapped', { cause: refused })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
    assert.equal(isDatabaseUnavailable(new Error('broken handler')), false);
  });
});
