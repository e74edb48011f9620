import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createSigner } from 'fast-jwt';
import { sql } from 'kysely';
import { AccessTokens } from '../src/auth/access-token';
import { internalCallerHeaders } from '../src/gateway/internal-caller';
import { opsRoutes } from '../src/ops/ops.contracts';
import { eventually, startTestApp } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { echoRoutes, echoService } from './echo.service';

describe('gateway policy', () => {
  let app: TestApp;
  let client: string;
  let admin: string;

  before(async () => {
    app = await startTestApp({ services: [echoService] });
    const tokens = new AccessTokens(app.config.jwtSecret, 60);
    client = await tokens.sign({ id: randomUUID(), email: 'c@x.test', roles: ['client'] });
    admin = await tokens.sign({ id: randomUUID(), email: 'a@x.test', roles: ['platform_admin'] });
  });
  after(() => app.close());

  it('answers a request without a token on a protected route with 401 problem+json', async () => {
    const res = await app.fetch('/api/echo/echo', { json: { text: 'a', times: 1 } });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(res.body.code, 'UNAUTHENTICATED');
    assert.ok(res.body.requestId);
  });

  it('rejects a forged token', async () => {
    const forged = await new AccessTokens('another-secret', 60).sign({
      id: randomUUID(),
      email: 'x@x.test',
      roles: ['platform_admin'],
    });
    const res = await app.fetch('/api/echo/admin', { token: forged });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_TOKEN');
  });

  it('rejects an expired token and one for another audience', async () => {
    const key = app.config.jwtSecret;
    const claims = { sub: randomUUID(), email: 'x@x.test', roles: ['platform_admin'] };
    const expired = createSigner({ key, iss: 'coordina', aud: 'coordina-api', expiresIn: 60_000 })({
      ...claims,
      iat: Math.floor(Date.now() / 1000) - 3600,
    });
    const otherAudience = createSigner({ key, iss: 'coordina', aud: 'elsewhere', expiresIn: 60_000 })(claims);
    for (const token of [expired, otherAudience]) {
      const res = await app.fetch('/api/echo/admin', { token });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'INVALID_TOKEN');
    }
    const good = createSigner({ key, iss: 'coordina', aud: 'coordina-api', expiresIn: 60_000 })(claims);
    assert.equal((await app.fetch('/api/echo/admin', { token: good })).status, 200);
  });

  it('checks roles per route', async () => {
    assert.equal((await app.fetch('/api/echo/admin', { token: client })).status, 403);
    assert.equal((await app.fetch('/api/echo/admin', { token: admin })).status, 200);
  });

  it('names the invalid field in a 400 problem', async () => {
    const res = await app.fetch('/api/echo/echo', { json: { text: '', times: 9 }, token: client });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field).sort(), ['body.text', 'body.times']);
  });

  it('answers malformed JSON and wrong params with 400, unknown routes with 404, and a bug with a 500 problem', async () => {
    const bad = await app.fetch('/api/echo/echo', {
      body: '{"text":',
      headers: { 'content-type': 'application/json' },
      token: client,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'BAD_JSON');
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    const param = await app.fetch('/api/echo/items/not-a-uuid');
    assert.equal(param.status, 400);
    assert.equal(param.body.errors[0].field, 'params.id');
    const missing = await app.fetch('/api/nowhere');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json');
    const boom = await app.fetch('/api/echo/boom');
    assert.equal(boom.status, 500);
    assert.equal(boom.body.code, 'INTERNAL');
    assert.doesNotMatch(boom.text, /a bug/);
  });

  it('gives HEAD the policy of GET, answers an undeclared method with 405 and Allow, and an unknown /api path with 404', async () => {
    // Fastify answers HEAD for every GET route by itself: it must not skip the route's auth.
    assert.equal((await app.fetch('/api/ops/sagas', { method: 'HEAD' })).status, 401);
    assert.equal((await app.fetch('/api/echo/admin', { method: 'HEAD' })).status, 401);
    assert.equal((await app.fetch('/api/echo/admin', { method: 'HEAD', token: client })).status, 403);
    assert.equal((await app.fetch('/api/echo/admin', { method: 'HEAD', token: admin })).status, 200);
    assert.equal((await app.fetch('/api/echo/public', { method: 'HEAD' })).status, 200);
    for (const method of ['DELETE', 'PUT', 'PATCH', 'OPTIONS']) {
      const res = await app.fetch('/api/echo/admin', { method });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.headers.get('allow'), 'GET, HEAD');
      assert.equal(res.body.code, 'METHOD_NOT_ALLOWED');
    }
    const post = await app.fetch('/api/echo/echo', { method: 'GET' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'POST');
    for (const method of ['GET', 'HEAD', 'POST', 'DELETE']) {
      const res = await app.fetch('/api/echo/nowhere', { method });
      assert.equal(res.status, 404, method);
      if (method !== 'HEAD') assert.equal(res.body.code, 'ROUTE_NOT_FOUND');
    }
  });

  it('refuses a request body that is not JSON with 415 problem+json, before any handler or parser sees it', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'text=a&times=1'],
      ['text/plain', '{"text":"a","times":1}'],
      ['multipart/form-data; boundary=x', '--x--'],
      [undefined, '{"text":"a","times":1}'],
    ] as const) {
      const res = await app.fetch('/api/echo/echo', {
        body,
        token: client,
        headers: type ? { 'content-type': type } : {},
      });
      assert.equal(res.status, 415, `${type}: ${res.text}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.body.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.equal(res.body.errors[0].field, 'headers.content-type');
    }
    const json = await app.fetch('/api/echo/echo', {
      body: '{"text":"a","times":1}',
      token: client,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(json.status, 201, json.text);
    // A command without a body needs no type (the rate-limit test posts none).
  });

  it('sends security headers: nosniff everywhere, a strict CSP on the docs page, no-store on API answers', async () => {
    for (const path of ['/api/echo/public', '/api/echo/admin', '/docs', '/health']) {
      const res = await app.fetch(path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      // The public URL is http: no HSTS (security-headers.test.ts covers https).
      assert.equal(res.headers.get('strict-transport-security'), null, path);
      if (path.startsWith('/api/')) assert.equal(res.headers.get('cache-control'), 'no-store', path);
    }
    const docs = await app.fetch('/docs');
    assert.match(docs.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
  });

  it('keeps the caller request id and carries it with the trace into the events the request publishes', async () => {
    const res = await app.fetch('/api/echo/public', { headers: { 'x-request-id': 'req-123' } });
    assert.equal(res.headers.get('x-request-id'), 'req-123');
    const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const post = await app.fetch('/api/echo/echo', {
      json: { text: 'r', times: 1 },
      token: client,
      headers: { 'x-request-id': 'req-456', traceparent: trace },
    });
    assert.equal(post.status, 201);
    const ctx = app.contexts.get('echo');
    assert.ok(ctx);
    const r = await sql<{ event: { requestid: string; traceparent: string } }>`SELECT event FROM coordina_outbox
      WHERE event->>'requestid' = 'req-456'`.execute(ctx.db.db);
    assert.equal(r.rows.length, 1);
    assert.match(r.rows[0]?.event.traceparent ?? '', /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses a different body with it', async () => {
    const key = randomUUID();
    const first = await app.fetch('/api/echo/echo', {
      json: { text: 'ab', times: 2 },
      token: client,
      headers: { 'idempotency-key': key },
    });
    const again = await app.fetch('/api/echo/echo', {
      json: { text: 'ab', times: 2 },
      token: client,
      headers: { 'idempotency-key': key },
    });
    assert.equal(first.status, 201);
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const other = await app.fetch('/api/echo/echo', {
      json: { text: 'zz', times: 1 },
      token: client,
      headers: { 'idempotency-key': key },
    });
    assert.equal(other.status, 422);
  });

  it('runs a command once when the same Idempotency-Key arrives concurrently', async () => {
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.fetch('/api/echo/echo', {
          json: { text: 'c', times: 1 },
          token: client,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const counts = new Set(ok.map((r) => r.body.count));
    assert.equal(counts.size, 1, 'every success carries the one execution');
    assert.ok(results.every((r) => r.status === 201 || r.status === 409));
  });

  it('rate-limits a route and answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await app.fetch('/api/echo/limited', { method: 'POST' });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.ok(Number(retryAfter) >= 1);
  });

  it('does not rate-limit the platform’s own calls from the same address, while the public client stays limited', async () => {
    const internal = internalCallerHeaders(app.config);
    for (let i = 0; i < 5; i++) {
      const r = await app.fetch('/api/echo/limited', { method: 'POST', headers: internal });
      assert.equal(r.status, 200, `internal call ${i + 1}: ${r.text}`);
    }
    const signedIn = await app.fetch('/api/echo/limited', { method: 'POST', headers: internal, token: client });
    assert.equal(signedIn.status, 200, 'nor on behalf of a user');
    const client429 = await app.fetch('/api/echo/limited', { method: 'POST' });
    assert.equal(client429.status, 429);
    const guessed = await app.fetch('/api/echo/limited', { method: 'POST', headers: { 'x-coordina-internal': 'x' } });
    assert.equal(guessed.status, 429);
  });

  it('leaves an internal caller’s Idempotency-Key to the service: no replay from a client’s key of the same scope', async () => {
    const key = randomUUID();
    const first = await app.fetch('/api/echo/echo', {
      json: { text: 'id', times: 1 },
      token: client,
      headers: { 'idempotency-key': key },
    });
    assert.equal(first.status, 201);
    const internal = await app.fetch('/api/echo/echo', {
      json: { text: 'other', times: 1 },
      token: client,
      headers: { ...internalCallerHeaders(app.config), 'idempotency-key': key },
    });
    assert.equal(internal.status, 201, internal.text);
    assert.equal(internal.headers.get('idempotent-replayed'), null);
    assert.equal(internal.body.count, first.body.count + 1);
    // Nor did it take the client's key over: the client's retry still replays its answer.
    const retry = await app.fetch('/api/echo/echo', {
      json: { text: 'id', times: 1 },
      token: client,
      headers: { 'idempotency-key': key },
    });
    assert.deepEqual(retry.body, first.body);
  });

  it('serves health, Prometheus metrics, and the API docs', async () => {
    const health = await app.fetch('/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.services.echo, 'up');
    const metrics = await app.fetch('/metrics');
    assert.match(metrics.text, /http_request_duration_seconds_bucket\{.*route="\/api\/echo\/public"/);
    const openapi = await app.fetch('/docs/openapi.json');
    assert.ok(openapi.body.paths['/api/echo/items/{id}'].get);
    assert.ok(openapi.body.paths['/api/ops/failed/{id}/retry'].post);
    const docs = await app.fetch('/docs');
    assert.match(docs.text, /Coordina API/);
  });

  it('keeps the platform’s own calls out of the public API latency, in a histogram of their own', async () => {
    const count = async (metric: string) => {
      const text = (await app.fetch('/metrics')).text;
      const lines = text
        .split('\n')
        .filter((l) => l.startsWith(`${metric}_count{`) && l.includes('route="/api/echo/public"'));
      return lines.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    };
    const publicBefore = await count('http_request_duration_seconds');
    const internalBefore = await count('coordina_internal_request_duration_seconds');
    for (let i = 0; i < 3; i++) {
      const r = await app.fetch('/api/echo/public', { headers: internalCallerHeaders(app.config) });
      assert.equal(r.status, 200);
    }
    // A wrong token is a client like any other.
    const guessed = await app.fetch('/api/echo/public', { headers: { 'x-coordina-internal': 'guessed' } });
    assert.equal(guessed.status, 200);
    // Observed once each answer is sent, so perhaps just after the client has read it.
    const counts = async () => [
      await count('http_request_duration_seconds'),
      await count('coordina_internal_request_duration_seconds'),
    ];
    const expected = [publicBefore + 1, internalBefore + 3];
    await eventually(async () => (await counts()).join() === expected.join(), 5_000).catch(() => undefined);
    assert.deepEqual(await counts(), expected);
  });

  it('protects the operations API with the platform-admin role', async () => {
    assert.equal((await app.fetch('/api/ops/sagas', { token: client })).status, 403);
    const res = await app.fetch('/api/ops/failed', { token: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items, []);
  });

  it('documents in OpenAPI every route the contracts declare, and nothing else', async () => {
    // That every route a real service serves is declared: apps/coordina/test/routes-declared.test.ts.
    const openapi = (await app.fetch('/docs/openapi.json')).body;
    const documented: string[] = [];
    for (const [path, ops] of Object.entries(openapi.paths as Record<string, object>)) {
      for (const m of Object.keys(ops)) documented.push(`${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const declared = [...echoRoutes.routes, ...opsRoutes.routes].map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(documented.sort(), declared.sort());
  });
});
