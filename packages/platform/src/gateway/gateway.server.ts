import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { type Dispatcher, Pool, request } from 'undici';
import { AccessTokens } from '../auth/access-token';
import { RedisSessionVersions } from '../auth/session-versions';
import type { ServiceRoutes } from '../contracts/route-contract';
import type { RedisDiscovery } from '../discovery/redis.discovery';
import { AppError } from '../errors/app-error';
import { asyncApiDocument, openApiDocument } from '../http/openapi';
import { acceptUploads, installSecurityHeaders } from '../http/security-headers';
import type { Logger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { installMetricsEndpoint } from '../observability/metrics-endpoint';
import { SpanKind, traced, traceparentOf } from '../observability/tracing';
import { opsRoutes } from '../ops/ops.contracts';
import { installSockets } from '../realtime/socket.server';
import { RedisUserChannels } from '../realtime/user-channels';
import { trustProxy } from '../runtime/config.loader';
import { docsPage } from '../runtime/docs.page';
import { accessPolicies } from '../runtime/manifest.check';
import type { PlatformConfig } from '../runtime/platform-config';
import type { RequestPressure } from '../runtime/request-pressure';
import type { ServiceManifest } from '../runtime/service-manifest';
import { authenticate, installGateway, sendProblem } from './gateway.hooks';
import { internalCallerToken } from './internal-caller';
import { RedisIdempotencyStore } from './redis.idempotency.store';
import { RedisRateLimiter } from './redis.rate-limiter';
import { RouteTable } from './route-table';
import { exchange, type Upstream } from './upstream-exchange';
import { serveWebApp } from './web-app';

/**
 * Requests to service instances reuse a bounded set of keep-alive connections per instance;
 * beyond it they wait here. A rush of thousands of buyers must not become thousands of new
 * connections to a busy service, which accepts one per event loop turn. Event streams, which
 * hold their connection open, use the default (unbounded) dispatcher. One pool per instance,
 * found by its base URL: a request names its path, and no URL is parsed per request.
 */
const upstreams = new Map<string, { pool: Pool; prefix: string }>();

function upstream(base: string): { pool: Pool; prefix: string } {
  let found = upstreams.get(base);
  if (!found) {
    // An advertised URL may carry a path (behind a proxy): requests go under it.
    const url = new URL(base);
    found = { pool: new Pool(url.origin, { connections: 128 }), prefix: url.pathname.replace(/\/+$/, '') };
    upstreams.set(base, found);
  }
  return found;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

export interface GatewayServerOptions {
  config: PlatformConfig;
  services: readonly ServiceManifest[];
  redis: Redis;
  discovery: RedisDiscovery;
  log: Logger;
  /** The process's command pressure, which counts the commands that pass (SharedPressure announces it). */
  pressure?: RequestPressure;
  /** The built web app (apps/web/dist), served at `/` when given and built. */
  webDir?: string;
}

/**
 * The distributed gateway: the same policy hooks as the embedded one, then HTTP to a
 * healthy instance of the owning service found by discovery. A refused connection moves
 * the request to the next instance; the operations API fans out to every service.
 */
export async function createGatewayServer(options: GatewayServerOptions): Promise<FastifyInstance> {
  const { config, discovery, log } = options;
  const app = Fastify({ bodyLimit: 1024 * 1024, trustProxy: trustProxy(config) });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  acceptUploads(app);
  const contracts: ServiceRoutes[] = [...options.services.map((s) => s.routes), opsRoutes];
  const routes = new RouteTable(contracts);
  const metrics = new Metrics();
  await installSecurityHeaders(app, config);
  const tokens = new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds);
  const sessions = new RedisSessionVersions(options.redis, config.accessTokenTtlSeconds * 1000, log);
  installGateway(app, {
    routes,
    tokens,
    sessions,
    limiter: new RedisRateLimiter(options.redis, log),
    idempotency: new RedisIdempotencyStore(options.redis),
    metrics,
    log,
    rateLimit: config.rateLimit,
    policies: accessPolicies(options.services),
    internalToken: internalCallerToken(config.jwtSecret),
    pressure: options.pressure,
  });
  const openapi = openApiDocument(contracts);
  const events = options.services.flatMap((s) => s.events.map((contract) => ({ service: s.name, contract })));
  app.get('/health', async () => {
    const counts = await Promise.all(
      options.services.map(async (s) => [s.name, (await discovery.instances(s.name)).length] as const),
    );
    return { status: 'up', role: 'gateway', instances: Object.fromEntries(counts) };
  });
  installMetricsEndpoint(app, metrics, config);
  app.get('/docs/openapi.json', async () => openapi);
  const sockets = options.services.flatMap((s) => (s.sockets ?? []).map((endpoint) => ({ service: s.name, endpoint })));
  app.get('/docs/asyncapi.json', async () => asyncApiDocument(events, sockets));
  app.get('/docs', async (_req, reply) => reply.header('content-type', 'text/html').send(docsPage(openapi)));

  const owners = new Map(options.services.map((s) => [s.routes.service, s.name]));
  app.all('/api/*', async (req, reply) => {
    // The policy hook resolved the contract already; unmatched requests never got one.
    const route = req.coordina?.route;
    if (!route) throw new AppError('ROUTE_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`);
    if (route.service === 'ops')
      return fanOut(
        req,
        reply,
        options.services.map((s) => s.name),
        discovery,
      );
    const service = owners.get(route.service) ?? route.service;
    const res = await forward(req, service, discovery);
    return relay(reply, res);
  });
  if (options.webDir) await serveWebApp(app, options.webDir);
  installSockets(app, {
    endpoints: options.services.flatMap((s) => s.sockets ?? []),
    channels: new RedisUserChannels(options.redis, log),
    authenticate: (token) => authenticate({ tokens, sessions }, token),
    log,
  });
  app.setNotFoundHandler((req, reply) => sendProblem(log, new AppError('ROUTE_NOT_FOUND'), req, reply));
  return app;
}

function forward(req: FastifyRequest, service: string, discovery: RedisDiscovery): Promise<Upstream> {
  return traced(
    `forward ${service}`,
    (span) => forwardTo(req, service, discovery, span ? traceparentOf(span) : req.coordina?.traceparent),
    { kind: SpanKind.CLIENT, attributes: { 'coordina.service': service } },
  );
}

async function forwardTo(
  req: FastifyRequest,
  service: string,
  discovery: RedisDiscovery,
  traceparent: string | undefined,
): Promise<Upstream> {
  const candidates = await discovery.candidates(service);
  if (candidates.length === 0) throw new AppError('SERVICE_UNAVAILABLE', `no healthy instance of ${service}`);
  const headers: Record<string, string> = {};
  const incoming = req.headers;
  for (const k in incoming) {
    const v = incoming[k];
    if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  headers['x-request-id'] = req.coordina?.requestId ?? headers['x-request-id'] ?? '';
  if (traceparent) headers.traceparent = traceparent;
  headers['x-forwarded-for'] = req.ip;
  const body = Buffer.isBuffer(req.body) && req.method !== 'GET' && req.method !== 'HEAD' ? req.body : undefined;
  let lastError: unknown;
  const stream = String(req.headers.accept ?? '').includes('text/event-stream');
  const method = req.method as Dispatcher.HttpMethod;
  for (const base of candidates) {
    try {
      if (stream) {
        const res = await request(`${base}${req.url}`, { method, headers, body });
        if (!String(res.headers['content-type'] ?? '').startsWith('text/event-stream'))
          return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
        req.raw.once('close', () => res.body.destroy());
        return { status: res.statusCode, headers: res.headers, body: res.body };
      }
      const to = upstream(base);
      const res = await exchange(to.pool, { path: `${to.prefix}${req.url}`, method, headers, body });
      if (!Buffer.isBuffer(res.body)) req.raw.once('close', () => (res.body as Readable).destroy());
      return res;
    } catch (err) {
      lastError = err;
      discovery.markDown(base);
      // Safe to try elsewhere only if the request cannot have been executed twice.
      const refused = /ECONNREFUSED|EHOSTUNREACH/.test(String((err as { cause?: unknown }).cause ?? err));
      const idempotent = req.method === 'GET' || req.headers['idempotency-key'] !== undefined;
      if (!refused && !idempotent) break;
    }
  }
  throw new AppError('SERVICE_UNAVAILABLE', `${service} did not answer: ${String((lastError as Error)?.message)}`);
}

function relay(reply: FastifyReply, res: Upstream): FastifyReply {
  const headers = res.headers;
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined && !HOP_BY_HOP.has(k) && k !== 'content-encoding') void reply.header(k, v);
  }
  return reply.code(res.status).send(res.body);
}

/** Operations API: lists merge every service's entries; an id goes to the service that knows it. */
async function fanOut(req: FastifyRequest, reply: FastifyReply, services: string[], discovery: RedisDiscovery) {
  const answers = (await Promise.allSettled(services.map((s) => forward(req, s, discovery))))
    .filter((r): r is PromiseFulfilledResult<Upstream> => r.status === 'fulfilled')
    .map((r) => r.value)
    .filter((a): a is Upstream & { body: Buffer } => Buffer.isBuffer(a.body));
  const isList =
    req.method === 'GET' && /\/api\/ops\/(sagas|failed|held|dead-letters|alerts|traffic|consumers)(\?|$)/.test(req.url);
  if (!isList) {
    const hit = answers.find((a) => a.status !== 404) ?? answers[0];
    if (!hit) throw new AppError('SERVICE_UNAVAILABLE');
    return relay(reply, hit);
  }
  const denied = answers.find((a) => a.status === 401 || a.status === 403);
  if (denied) return relay(reply, denied);
  const items = answers.flatMap((a) =>
    a.status === 200 ? ((JSON.parse(a.body.toString()) as { items: unknown[] }).items ?? []) : [],
  );
  return reply.send({ items });
}
