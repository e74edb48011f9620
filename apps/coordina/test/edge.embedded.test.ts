import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessTokens } from '@coordina/platform';
import { opsRoutes, RouteTable } from '@coordina/platform/runtime';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { allServices } from '../src/services.registry';
import { EDGE_PER_IP_PER_MINUTE, forwardingScenarios } from './edge.scenarios';
import { embedded } from './harness';

/**
 * The gateway's edge, on the real route table of the embedded default: every method of every
 * declared path goes through that path's policy.
 */
describe('gateway edge (embedded, real routes)', () => {
  let app: TestApp;
  let client: string;
  const table = new RouteTable([...allServices.map((s) => s.routes), opsRoutes]);
  const concrete = (path: string) => path.replace(/:\w+/g, () => randomUUID());

  before(async () => {
    app = await startTestApp({
      services: allServices,
      config: { rateLimit: { perUserPerMinute: 100_000, perIpPerMinute: 100_000 } },
    });
    client = await new AccessTokens(app.config.jwtSecret, 600).sign({
      id: randomUUID(),
      email: 'edge@x.test',
      roles: ['client'],
    });
  });
  after(() => app?.close());

  it('answers HEAD on every GET route as GET is answered, anonymous and as a client', async () => {
    const gets = table.all().filter((r) => r.method === 'GET');
    assert.ok(gets.length > 20, `only ${gets.length} GET routes`);
    const differ: string[] = [];
    for (const r of gets) {
      const path = concrete(r.path);
      for (const token of [undefined, client]) {
        const get = await app.fetch(path, { token });
        const head = await app.fetch(path, { method: 'HEAD', token });
        if (get.status !== head.status)
          differ.push(`${r.path} (${token ? 'client' : 'anonymous'}): GET ${get.status}, HEAD ${head.status}`);
        if (!token && r.auth !== 'public') assert.equal(head.status, 401, `anonymous HEAD ${r.path}`);
      }
    }
    assert.deepEqual(differ, []);
  });

  it('keeps token answers (register, login, refresh) out of every cache', async () => {
    const email = `edge-${randomUUID()}@x.test`;
    const password = `Edge-${randomUUID()}`;
    const reg = await app.fetch('/api/identity/register', { json: { email, password, name: 'Edge' } });
    assert.ok(reg.status < 300, reg.text);
    assert.equal(reg.headers.get('cache-control'), 'no-store');
    const login = await app.fetch('/api/identity/login', { json: { email, password } });
    assert.equal(login.status, 200, login.text);
    assert.equal(login.headers.get('cache-control'), 'no-store');
    assert.equal(login.headers.get('x-content-type-options'), 'nosniff');
    const refresh = await app.fetch('/api/identity/refresh', { json: { refreshToken: login.body.refreshToken } });
    assert.equal(refresh.headers.get('cache-control'), 'no-store', refresh.text);
  });

  it('answers a method no route declares on a known path with 405 problem+json and Allow', async () => {
    for (const r of table.all()) {
      const path = concrete(r.path);
      const allowed = table.allowed(path);
      const other = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].find((m) => !allowed.includes(m));
      if (!other) continue;
      const res = await app.fetch(path, { method: other, ...(other === 'GET' ? {} : { json: {} }) });
      assert.equal(res.status, 405, `${other} ${r.path}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.headers.get('allow'), allowed.join(', '));
    }
  });
});

forwardingScenarios('embedded', () => embedded({ perIpPerMinute: EDGE_PER_IP_PER_MINUTE }));
