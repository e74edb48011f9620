import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PgBoss } from 'pg-boss';
import { eventually } from '../src/testing/start-test-app';
import { QueueFixture } from './queue.fixture';

/** A queue whose idle poll and sweep are ten minutes away, working `name` by recording each job's `n`. */
async function recordingQueue(fixture: QueueFixture, name: string) {
  const queue = await fixture.open({ idleMs: 600_000, sweepMs: 600_000 });
  await queue.define(name);
  const done: number[] = [];
  await queue.work<{ n: number }>(name, async (job) => {
    done.push(job.data.n);
  });
  return { queue, done };
}

/**
 * An idle queue polls only every few seconds (decision 0112): what must not wait for that poll
 * wakes the lanes. Here the idle poll is ten minutes away, so only the wakes can run the jobs.
 */
describe('queue wakes', () => {
  const fixture = new QueueFixture();
  after(() => fixture.close());

  it('runs a failed job again when pg-boss makes its retry due, not at the next idle poll', async () => {
    const queue = await fixture.open({ idleMs: 600_000 });
    await queue.define('flaky', { retryLimit: 2, retryDelaySeconds: 1 });
    const attempts: number[] = [];
    await queue.work<{ n: number }>('flaky', async (job) => {
      attempts.push(job.retryCount);
      if (job.retryCount === 0) throw new Error('first attempt fails');
    });
    await queue.send('flaky', { n: 1 });
    await eventually(async () => attempts.length === 2);
    assert.deepEqual(attempts, [0, 1]);
  });

  it('runs each delayed job when it falls due, also one due after another job the lanes woke for', async () => {
    const { queue, done } = await recordingQueue(fixture, 'later');
    const at = (ms: number) => new Date(Date.now() + ms);
    // Sent in the order they fall due: the lanes, woken for the first, find nothing more and nap.
    await queue.send('later', { n: 1 }, { startAfter: at(400) });
    await queue.send('later', { n: 2 }, { startAfter: at(800) });
    // Sent the other way round: the second send's earlier wake-up must not replace the first's.
    await queue.send('later', { n: 3 }, { startAfter: at(800) });
    await queue.send('later', { n: 4 }, { startAfter: at(400) });
    await eventually(async () => done.length === 4);
    assert.deepEqual(
      done.sort((a, b) => a - b),
      [1, 2, 3, 4],
    );
  });

  it('runs a dead letter an operator retries at once', async () => {
    const queue = await fixture.open({ idleMs: 600_000 });
    await queue.define('dead', { retryLimit: 0 });
    let up = false;
    let done = 0;
    await queue.work<{ n: number }>('dead', async () => {
      if (!up) throw new Error('down');
      done++;
    });
    await queue.send('dead', { n: 1 });
    const [dead] = await eventually(async () => {
      const items = (await queue.deadLetters()).filter((d) => d.queue === 'dead');
      return items.length === 1 ? items : undefined;
    });
    assert.ok(dead);
    up = true;
    assert.equal(await queue.retryDeadLetter(dead.id), true);
    await eventually(async () => done === 1);
  });
});

/**
 * What another process leaves (decision 0129): a job it sends wakes this process's lanes by its
 * NOTIFY; a job whose worker died is found by the sweep once pg-boss expires it. The lanes' own
 * poll is ten minutes away, so neither waits for it.
 */
describe('queue wakes for other processes', () => {
  const fixture = new QueueFixture();
  after(() => fixture.close());

  it('runs a job another process sends at once, by its notification', async () => {
    const { queue: worker, done } = await recordingQueue(fixture, 'elsewhere');
    // A first job sent here (a local wake) is run: the lanes and the sweep's first round are idle after it.
    await worker.send('elsewhere', { n: 1 });
    await eventually(async () => done.length === 1);
    const sender = await fixture.open({ idleMs: 600_000, sweepMs: 600_000 });
    await sender.send('elsewhere', { n: 2 });
    await eventually(async () => done.length === 2);
    assert.deepEqual(done, [1, 2]);
  });

  it('runs again a job whose worker died, once pg-boss expired it (the sweep)', async () => {
    const live = await fixture.open({ idleMs: 600_000, sweepMs: 200, superviseSeconds: 1 });
    await live.define('crashy', { expireInSeconds: 1, retryLimit: 2, retryDelaySeconds: 1 });
    await live.send('crashy', { n: 1 });
    // The dead process: it fetched the job (active now) and never finished it.
    const dead = new PgBoss({ connectionString: fixture.url, schema: 'pgboss', supervise: false, schedule: false });
    await dead.start();
    const [taken] = await dead.fetch('crashy');
    assert.ok(taken);
    await dead.stop({ graceful: false });
    const runs: number[] = [];
    await live.work<{ n: number }>('crashy', async (job) => {
      runs.push(job.retryCount);
    });
    await eventually(async () => runs.length === 1, 30_000);
    assert.deepEqual(runs, [1]);
  });
});
