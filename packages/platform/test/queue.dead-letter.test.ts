import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessTokens } from '../src/auth/access-token';
import type { ServiceContext } from '../src/runtime/service-context';
import { eventually, startTestApp } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { echoService } from './echo.service';

describe('queue dead letters for operators', () => {
  let app: TestApp;
  let ctx: ServiceContext;
  let admin: string;
  let client: string;
  let smtpUp = false;
  const delivered: string[] = [];

  before(async () => {
    app = await startTestApp({ services: [echoService] });
    const found = app.contexts.get('echo');
    assert.ok(found);
    ctx = found;
    const tokens = new AccessTokens(app.config.jwtSecret, 300);
    admin = await tokens.sign({ id: randomUUID(), email: 'ops@x.test', roles: ['platform_admin'] });
    client = await tokens.sign({ id: randomUUID(), email: 'c@x.test', roles: ['client'] });
    await ctx.queue.define('echo.mail', { retryLimit: 1, retryDelaySeconds: 1 });
    await ctx.queue.work<{ to: string }>('echo.mail', async (job) => {
      if (!smtpUp) throw new Error('smtp down');
      delivered.push(job.data.to);
    });
  });
  after(() => app.close());

  const deadLetters = () =>
    app.fetch('/api/ops/dead-letters', { token: admin }).then((r) => {
      assert.equal(r.status, 200, r.text);
      return r.body.items as {
        id: string;
        service: string;
        queue: string;
        data: { to: string };
        error: string;
        attempts: number;
      }[];
    });

  it('lists a job that failed every retry, and retries it on request', async () => {
    await ctx.queue.send('echo.mail', { to: 'ana@x.test' }, { priority: 'high' });
    const [dead] = await eventually(async () => {
      const items = await deadLetters();
      return items.length === 1 ? items : undefined;
    }, 20_000);
    assert.ok(dead);
    assert.equal(dead.service, 'echo');
    assert.equal(dead.queue, 'echo.mail');
    assert.deepEqual(dead.data, { to: 'ana@x.test' });
    assert.equal(dead.error, 'smtp down');
    assert.equal(dead.attempts, 2);
    assert.equal(delivered.length, 0);

    smtpUp = true;
    const retried = await app.fetch(`/api/ops/dead-letters/${dead.id}/retry`, { method: 'POST', token: admin });
    assert.equal(retried.status, 200, retried.text);
    await eventually(async () => delivered.includes('ana@x.test'));
    assert.deepEqual(await deadLetters(), []);
  });

  it('answers 404 for an unknown dead letter and keeps the list for platform admins', async () => {
    const missing = await app.fetch(`/api/ops/dead-letters/${randomUUID()}/retry`, { method: 'POST', token: admin });
    assert.equal(missing.status, 404);
    assert.equal((await app.fetch('/api/ops/dead-letters', { token: client })).status, 403);
    assert.equal((await app.fetch('/api/ops/dead-letters')).status, 401);
  });
});
