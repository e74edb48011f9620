import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { EmbeddedPostgresServer } from '../src/db/embedded-postgres.server';
import { PriorityQueue } from '../src/queue/priority.queue';
import { eventually } from '../src/testing/start-test-app';

/**
 * A job that falls due while PostgreSQL is down runs soon after it is back. Seen in a busy CI
 * run: PostgreSQL was killed and restarted, the lanes of payments' webhook queue (idle for ten
 * minutes) failed their fetch, and each then slept its idle time, ten minutes, in a wait no
 * wake-up ends; six purchases expired waiting for their payments' webhooks.
 */
describe('queue during a database outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-queue-outage-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { ownProcessGroup: false });
  const failedFetches: string[] = [];
  const log = pino(
    { level: 'warn' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg: string; worker?: string };
        if (entry.msg === 'polling round failed' && entry.worker === 'queue later') failedFetches.push(entry.msg);
      },
    },
  );
  let url: string;
  let queue: PriorityQueue | undefined;

  before(async () => {
    url = await pg.start();
  });
  after(async () => {
    await queue?.stop().catch(() => undefined);
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a job that fell due during the outage once PostgreSQL is back, not at the next idle poll', async () => {
    // Idle polls and sweeps ten minutes apart: only the lanes' own retries can find the job.
    queue = new PriorityQueue({ service: 'test', url, log, idleMs: 600_000, sweepMs: 600_000 });
    await queue.define('later');
    const ran: number[] = [];
    await queue.work<{ n: number }>(
      'later',
      async () => {
        ran.push(Date.now());
      },
      { concurrency: 2 },
    );
    await queue.send('later', { n: 1 }, { startAfter: new Date(Date.now() + 500) });
    await pg.kill();
    // The job fell due and the lane woken for it could not fetch it.
    await eventually(async () => failedFetches.length > 0, 30_000);
    assert.equal(ran.length, 0);
    await pg.start();
    await eventually(async () => ran.length > 0, 30_000);
    assert.equal(ran.length, 1);
  });
});
