import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually } from '../src/testing/start-test-app';
import { QueueFixture } from './queue.fixture';

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
