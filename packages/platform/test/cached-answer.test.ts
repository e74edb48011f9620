import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { Controller, Inject, Module } from '@nestjs/common';
import { z } from 'zod';
import { AccessTokens } from '../src/auth/access-token';
import { defineRoutes } from '../src/contracts/route-contract';
import { CachedAnswer } from '../src/http/cached-answer';
import { type AuthUser, CurrentUser } from '../src/http/current-user.decorator';
import { CHECK_RESPONSES_ENV, Endpoint, Input, type InputOf, type JsonBody } from '../src/http/endpoint';
import { SERVICE_CONTEXT, type ServiceContext } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { assertProblem } from '../src/testing/problem.assert';
import { startTestApp } from '../src/testing/start-test-app';
import type { TestApp, TestResponse } from '../src/testing/test-app';

const Shelf = z.object({ id: z.uuid(), sort: z.enum(['new', 'old']), edition: z.number().int(), owner: z.string() });
type Shelf = z.infer<typeof Shelf>;
const ShelfParams = z.object({ id: z.uuid() });
const ShelfQuery = z.object({ sort: z.enum(['new', 'old']).default('new') });

const shelfRoutes = defineRoutes('shelf', [
  {
    method: 'GET',
    path: '/api/shelf/public/:id',
    auth: 'public',
    summary: 'A shelf anyone reads (cached)',
    params: ShelfParams,
    query: ShelfQuery,
    response: Shelf,
  },
  {
    method: 'GET',
    path: '/api/shelf/mine/:id',
    auth: 'authenticated',
    summary: "The caller's own shelf (cached per user)",
    params: ShelfParams,
    query: ShelfQuery,
    response: Shelf,
  },
  {
    method: 'GET',
    path: '/api/shelf/staff/:id',
    auth: ['platform_admin'],
    summary: 'A shelf for admins only (cached)',
    params: ShelfParams,
    query: ShelfQuery,
    response: Shelf,
  },
]);

type In<K extends 'public' | 'mine' | 'staff'> = InputOf<typeof shelfRoutes, `GET /api/shelf/${K}/:id`>;

/** What the routes did: loads by a handler, looks by a cached answer, and the edition a change bumps. */
const shelfState = { handled: 0, looked: 0, edition: 1, broken: false };

/**
 * Pages keyed by an edition a change replaces, like the services' page caches: the handler
 * reads through `wrapJson`, the cached answer only looks (`nearJson`).
 */
@Controller()
class ShelfController {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  #key(kind: string, id: string, sort: string, owner: string): string {
    return `shelf:${kind}:${shelfState.edition}:${id}:${sort}:${owner}`;
  }

  #load(
    kind: string,
    { params, query }: Pick<In<'public'>, 'params' | 'query'>,
    owner: string,
  ): Promise<JsonBody<Shelf>> {
    return this.ctx.cache.wrapJson(this.#key(kind, params.id, query.sort, owner), 60_000, async () => {
      shelfState.handled++;
      // `broken`: a page the contract refuses (a handler bug a cache would keep).
      const edition = shelfState.broken ? (String(shelfState.edition) as unknown as number) : shelfState.edition;
      return { id: params.id, sort: query.sort, edition, owner };
    });
  }

  @Endpoint(shelfRoutes, 'GET /api/shelf/public/:id')
  public(@Input() input: In<'public'>): Promise<JsonBody<Shelf>> {
    return this.#load('public', input, 'anyone');
  }

  /** A cached answer of a page every caller shares: counted as looked up. */
  #near(
    kind: string,
    { params, query }: Pick<In<'public'>, 'params' | 'query'>,
    owner: string,
  ): JsonBody<Shelf> | undefined {
    shelfState.looked++;
    return this.ctx.cache.nearJson(this.#key(kind, params.id, query.sort, owner));
  }

  @CachedAnswer(shelfRoutes, 'GET /api/shelf/public/:id')
  publicCached(input: In<'public'>): JsonBody<Shelf> | undefined {
    return this.#near('public', input, 'anyone');
  }

  @Endpoint(shelfRoutes, 'GET /api/shelf/mine/:id')
  mine(@Input() input: In<'mine'>, @CurrentUser() user: AuthUser): Promise<JsonBody<Shelf>> {
    return this.#load('mine', input, user.id);
  }

  @CachedAnswer(shelfRoutes, 'GET /api/shelf/mine/:id')
  async mineCached({ params, query }: In<'mine'>, user: AuthUser | undefined): Promise<JsonBody<Shelf> | undefined> {
    if (!user) return undefined;
    return this.ctx.cache.nearJson(this.#key('mine', params.id, query.sort, user.id));
  }

  @Endpoint(shelfRoutes, 'GET /api/shelf/staff/:id')
  staff(@Input() input: In<'staff'>): Promise<JsonBody<Shelf>> {
    return this.#load('staff', input, 'staff');
  }

  @CachedAnswer(shelfRoutes, 'GET /api/shelf/staff/:id')
  staffCached(input: In<'staff'>): JsonBody<Shelf> | undefined {
    return this.#near('staff', input, 'staff');
  }
}

@Module({})
class ShelfModule {}

const shelfService: ServiceManifest = {
  name: 'shelf',
  routes: shelfRoutes,
  events: [],
  migrations: [],
  module: (ctx) => serviceModule(ShelfModule, ctx, { controllers: [ShelfController] }),
};

/** The headers of an answer, without the two that differ between any two answers. */
function headersOf(res: TestResponse): Record<string, string> {
  const all = Object.fromEntries(res.headers.entries());
  delete all.date;
  assert.match(all['x-request-id'] ?? '', /./, 'every answer carries its request id');
  delete all['x-request-id'];
  return all;
}

describe('@CachedAnswer: a cached page answered before the framework pipeline', () => {
  let app: TestApp;
  let tokens: AccessTokens;
  const checking = process.env[CHECK_RESPONSES_ENV];

  before(async () => {
    app = await startTestApp({ services: [shelfService], config: { jwtSecret: randomBytes(32).toString('hex') } });
    tokens = new AccessTokens(app.config.jwtSecret, 3600);
  });
  afterEach(() => {
    process.env[CHECK_RESPONSES_ENV] = checking;
    shelfState.broken = false;
  });
  after(() => app?.close());

  const sign = (roles: ('client' | 'platform_admin')[]) =>
    tokens.sign({ id: randomUUID(), email: `${randomUUID()}@example.test`, roles });

  const hits = async (): Promise<number> => {
    const line = (await app.fetch('/metrics')).text
      .split('\n')
      .find((l) => l.startsWith('coordina_cache_requests_total{service="shelf",result="hit"}'));
    return Number(line?.split(' ').at(-1) ?? 0);
  };

  const served = async (): Promise<number> => {
    const line = (await app.fetch('/metrics')).text
      .split('\n')
      .find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('route="/api/shelf/public/:id"'));
    return Number(line?.split(' ').at(-1) ?? 0);
  };

  it('answers a cached page with the same status, bytes and headers as the handler, without running it', async () => {
    const path = `/api/shelf/public/${randomUUID()}?sort=old`;
    const handled = shelfState.handled;
    const [hitsBefore, servedBefore] = [await hits(), await served()];
    const first = await app.fetch(path, { headers: { 'x-request-id': 'first-read' } });
    assert.equal(first.status, 200, first.text);
    assert.equal(shelfState.handled, handled + 1, 'a miss runs the handler, which loads the page');
    const second = await app.fetch(path, { headers: { 'x-request-id': 'second-read' } });
    assert.equal(shelfState.handled, handled + 1, 'a hit is answered from the cache: the handler did not run');
    assert.equal(second.status, first.status);
    assert.equal(second.text, first.text, 'the same bytes');
    assert.deepEqual(headersOf(second), headersOf(first), 'the same headers');
    assert.equal(second.headers.get('x-request-id'), 'second-read', "the request's own id");
    assert.equal(second.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(second.headers.get('cache-control'), 'no-store');
    assert.equal(second.headers.get('x-content-type-options'), 'nosniff');
    assert.ok((await hits()) >= hitsBefore + 1, 'the hit is counted in the hit rate');
    assert.equal((await served()) - servedBefore, 2, "both reads are in the route's latency histogram");
    const head = await app.fetch(path, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), first.headers.get('content-length'));
    assert.equal(head.text, '');
  });

  it('refuses a bad params or query with 400 problem+json naming the field, cached page or not', async () => {
    const id = randomUUID();
    assert.equal((await app.fetch(`/api/shelf/public/${id}`)).status, 200);
    assert.equal((await app.fetch(`/api/shelf/public/${id}`)).status, 200);
    const [handled, looked] = [shelfState.handled, shelfState.looked];
    assertProblem(await app.fetch(`/api/shelf/public/${id}?sort=sideways`), { status: 400, field: 'query.sort' });
    assertProblem(await app.fetch('/api/shelf/public/not-a-uuid'), { status: 400, field: 'params.id' });
    assertProblem(await app.fetch(`/api/shelf/public/${id}?sort=a%00b`), { status: 400, field: 'query.sort' });
    assert.equal(shelfState.handled, handled, 'no refused request reached the handler');
    assert.equal(shelfState.looked, looked, 'nor the cached answer');
  });

  it('keeps the token and role rules of the route when the page is cached', async () => {
    const id = randomUUID();
    const admin = await sign(['platform_admin']);
    for (let i = 0; i < 2; i++) assert.equal((await app.fetch(`/api/shelf/staff/${id}`, { token: admin })).status, 200);
    const looked = shelfState.looked;
    assertProblem(await app.fetch(`/api/shelf/staff/${id}`), { status: 401 });
    assertProblem(await app.fetch(`/api/shelf/staff/${id}`, { token: await sign(['client']) }), { status: 403 });
    assertProblem(await app.fetch(`/api/shelf/staff/${id}`, { token: `${admin}x` }), { status: 401 });
    assertProblem(await app.fetch(`/api/shelf/staff/${id}`, { headers: { authorization: 'Basic abc' } }), {
      status: 401,
    });
    assert.equal(shelfState.looked, looked, 'no refused request reached the cached answer');
  });

  it("keeps a user's page to that user: another user's read loads their own", async () => {
    const id = randomUUID();
    const [alice, bob] = [await sign(['client']), await sign(['client'])];
    const a1 = await app.fetch(`/api/shelf/mine/${id}`, { token: alice });
    const a2 = await app.fetch(`/api/shelf/mine/${id}`, { token: alice });
    assert.equal(a2.text, a1.text);
    const handled = shelfState.handled;
    const b = await app.fetch(`/api/shelf/mine/${id}`, { token: bob });
    assert.equal(b.status, 200);
    assert.notEqual(b.body.owner, a1.body.owner, "bob is not answered alice's page");
    assert.equal(shelfState.handled, handled + 1, "bob's page was loaded for bob");
    assertProblem(await app.fetch(`/api/shelf/mine/${id}`), { status: 401 });
  });

  it('shows new data once a change replaces the key the page was cached under', async () => {
    const path = `/api/shelf/public/${randomUUID()}`;
    const before = (await app.fetch(path)).body.edition;
    assert.equal((await app.fetch(path)).body.edition, before, 'cached');
    shelfState.edition++;
    assert.equal((await app.fetch(path)).body.edition, before + 1, 'the change is seen at once');
  });

  it('checks a cached page against the contract when responses are checked', async () => {
    process.env[CHECK_RESPONSES_ENV] = '0';
    shelfState.broken = true;
    const path = `/api/shelf/public/${randomUUID()}`;
    assert.equal((await app.fetch(path)).status, 200, 'unchecked, the refused page is served and cached');
    process.env[CHECK_RESPONSES_ENV] = '1';
    const checked = await app.fetch(path);
    assert.equal(checked.status, 500, 'the cached page the contract refuses is a failure under test');
    assert.equal(checked.body.code, 'INTERNAL');
  });
});
