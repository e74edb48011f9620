import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokens } from '../auth/access-token';
import type { SessionVersions } from '../auth/session-versions';
import { type AccessPolicyName, type AccessRequirement, unmetAccess } from '../auth/system-access';
import { AppError } from '../errors/app-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem';
import type { AuthUser } from '../http/current-user.decorator';
import { bodyTypeRefusal, isApiPath } from '../http/security-headers';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { currentContext, newContext, type RequestContext, runWithContext } from '../observability/request-context';
import {
  contextOf,
  endSpan,
  type Span,
  SpanKind,
  startSpan,
  traceparentOf,
  tracingOn,
  withSpan,
} from '../observability/tracing';
import type { RequestPressure } from '../runtime/request-pressure';
import { type IdempotencyStore, requestFingerprint } from './idempotency.store';
import { INTERNAL_CALLER_HEADER, isInternalCaller } from './internal-caller';
import type { RateAsk, RateLimiter } from './rate-limiter';
import type { OwnedRoute, RouteTable } from './route-table';

export interface GatewayDeps {
  routes: RouteTable;
  tokens: AccessTokens;
  /** Session versions: a token below its user's version was ended (logout-all, password reset). */
  sessions?: SessionVersions;
  /** Absent in a service behind a gateway: the gateway limits and deduplicates. */
  limiter?: RateLimiter;
  idempotency?: IdempotencyStore;
  metrics: Metrics;
  log: Logger;
  rateLimit: { perUserPerMinute: number; perIpPerMinute: number };
  /** The access policies the routes name, as the manifests register them (manifest.check.ts). */
  policies: Readonly<Record<AccessPolicyName, AccessRequirement>>;
  /**
   * The token internal callers present (internal-caller.ts): the platform calling itself
   * (`ctx.http`, the sandbox provider) skips the rate limits and the Idempotency-Key store,
   * and is measured apart from the public API's latency.
   */
  internalToken?: string;
  /** False under NestJS, whose exception filter (ProblemFilter) answers errors instead. */
  errorHandler?: boolean;
  /** The app's command pressure, which counts the commands served here. */
  pressure?: RequestPressure;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
    coordina?: RequestContext & {
      idempotency?: { scope: string; key: string };
      route?: OwnedRoute;
      /** Sent by the platform itself, with the internal caller's token (internal-caller.ts). */
      internal?: boolean;
      /** Traced: the request's server span and the handler's span (tracing.ts). */
      spans?: { server: Span; handler?: Span };
    };
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway's policy, as Fastify hooks on the process's HTTP server: request ids and
 * trace context, JWT validation and roles from the route contract, rate limits per user
 * and IP (429 + Retry-After), Idempotency-Key for POST commands, latency metrics, and
 * problem+json for every error.
 *
 * A request with the internal caller's token is the platform calling itself: contract, auth
 * and roles apply as to any request, but the client-facing limits and Idempotency-Key store
 * do not (a distributed service process has neither, so both topologies behave alike), and
 * its latency goes to its own histogram, never into the public API's metrics and alert.
 */
export function installGateway(app: FastifyInstance, deps: GatewayDeps): void {
  app.addHook('onRequest', (req, reply, done) => {
    const given = req.headers['x-request-id'];
    const ctx = newContext(
      typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined,
      typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined,
    );
    req.coordina = ctx;
    // Traced: a server span continuing the caller's traceparent; what follows carries its context.
    const server = tracingOn() ? serverSpan(req) : undefined;
    if (server) {
      ctx.traceparent = traceparentOf(server);
      req.coordina.spans = { server };
    }
    if (deps.internalToken !== undefined && isInternalCaller(req.headers[INTERNAL_CALLER_HEADER], deps.internalToken))
      req.coordina.internal = true;
    void reply.header('x-request-id', ctx.requestId);
    // Before the body is parsed: the API takes JSON only (415 otherwise), and uploads where declared.
    const refused = isApiPath(req.url)
      ? bodyTypeRefusal(req, () => deps.routes.resolve(req.method, req.url)?.upload === true)
      : undefined;
    if (refused) return done(refused);
    // Commands in flight make this process's consumers give way (reads and streams do not).
    if (deps.pressure && req.method !== 'GET' && req.method !== 'HEAD') reply.raw.once('close', deps.pressure.enter());
    withSpan(server, () => runWithContext(ctx, done));
  });

  // The policy, then (traced) the handler's span, in one callback hook: an anonymous or
  // already-verified request whose rate limits are leased passes without a promise
  // (decision 0107); the rest (a token to verify, a lease to wait for, an Idempotency-Key)
  // continue once their promise settles.
  app.addHook('preHandler', (req, reply, done) => {
    let pending: Promise<void> | undefined;
    try {
      pending = policy(deps, req, reply);
    } catch (err) {
      return done(err as Error);
    }
    if (!pending) {
      handlerSpan(req, done);
      return;
    }
    pending.then(
      () => handlerSpan(req, done),
      (err: unknown) => done(err as Error),
    );
  });

  // A callback hook: most answers have no Idempotency-Key to record and pass on at once,
  // without a promise and the turns it costs.
  app.addHook('onSend', (req, reply, payload, done) => {
    const spans = req.coordina?.spans;
    if (spans?.handler) {
      endSpan(spans.handler);
      spans.handler = undefined;
    }
    const idem = req.coordina?.idempotency;
    const store = deps.idempotency;
    if (!idem || !store || reply.getHeader('idempotent-replayed')) return done(null, payload);
    const ct = reply.getHeader('content-type');
    const recorded =
      reply.statusCode >= 500
        ? store.release(idem.scope, idem.key)
        : store.complete(idem.scope, idem.key, reply.statusCode, ct ? String(ct) : null, String(payload ?? ''));
    recorded.then(
      () => done(null, payload),
      (err: unknown) => done(err as Error),
    );
  });

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.coordina?.route?.path ?? req.routeOptions.url ?? 'unmatched';
    const histogram = req.coordina?.internal ? deps.metrics.internalHttpDuration : deps.metrics.httpDuration;
    histogram.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    const spans = req.coordina?.spans;
    if (spans) {
      endSpan(spans.handler);
      spans.server.setAttribute('http.response.status_code', reply.statusCode);
      endSpan(spans.server, reply.statusCode >= 500 ? `status ${reply.statusCode}` : undefined);
    }
    done();
  });

  if (deps.errorHandler !== false) app.setErrorHandler((err, req, reply) => sendProblem(deps.log, err, req, reply));
}

/** Traced: the handler's span, active while the route's handler runs (it is called from `done`). */
function handlerSpan(req: FastifyRequest, done: (err?: Error) => void): void {
  const spans = req.coordina?.spans;
  if (!spans) {
    done();
    return;
  }
  const route = req.coordina?.route;
  spans.server.updateName(`${req.method} ${route?.path ?? req.routeOptions.url ?? 'unmatched'}`);
  spans.handler = startSpan(`handler ${route?.service ?? 'process'}`, {
    attributes: { 'http.route': route?.path ?? req.routeOptions.url ?? '' },
  });
  withSpan(spans.handler, done);
}

/**
 * The route's contract, the token and roles, rate limits and Idempotency-Key: throws what
 * refuses the request, returns a promise only when something must be waited for.
 */
function policy(deps: GatewayDeps, req: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
  const route = deps.routes.resolve(req.method, req.url);
  if (!route) {
    refuseUndeclared(deps.routes, req);
    return undefined;
  }
  if (req.coordina) req.coordina.route = route;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    return authenticate(deps, auth.slice(7)).then((user) => {
      req.user = user;
      return admit(deps, req, reply, route);
    });
  }
  if (auth) throw new AppError('INVALID_TOKEN', 'Authorization must be a Bearer token');
  return admit(deps, req, reply, route);
}

/** Roles and access policy, then the client-facing limits (not for internal callers). */
function admit(
  deps: GatewayDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  route: OwnedRoute,
): Promise<void> | undefined {
  if (route.auth !== 'public') {
    if (!req.user) throw new AppError('UNAUTHENTICATED');
    if (Array.isArray(route.auth) && !route.auth.some((r) => req.user?.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `requires one of the roles: ${route.auth.join(', ')}`);
    }
    if (route.policy) requirePolicy(req.user, route.policy, deps.policies);
  }
  if (req.coordina?.internal) return undefined;
  const claim = () =>
    deps.idempotency && req.method === 'POST' ? claimIdempotency(deps.idempotency, req, reply) : undefined;
  if (!deps.limiter) return claim();
  const wait = limit(deps.limiter, deps, req, route.rateLimit?.perMinute);
  if (wait === undefined) return claim();
  return wait.then(claim);
}

function serverSpan(req: FastifyRequest): Span | undefined {
  const incoming = req.headers.traceparent;
  return startSpan(
    `${req.method}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.url.split('?')[0] ?? req.url },
    },
    contextOf(typeof incoming === 'string' ? incoming : undefined),
  );
}

/**
 * Nothing under /api passes without a contract: a known path with another method is a 405
 * naming the declared ones (Allow), an unknown path a 404. Other paths (health, docs,
 * metrics) are the process's own.
 */
function refuseUndeclared(routes: RouteTable, req: FastifyRequest): void {
  const path = req.url.split('?')[0] ?? req.url;
  if (!isApiPath(path)) return;
  const allowed = routes.allowed(path);
  if (allowed.length === 0) throw new AppError('ROUTE_NOT_FOUND', `no route ${req.method} ${path}`);
  throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}`, {
    headers: { allow: allowed.join(', ') },
  });
}

/** The token's user, unless the token is invalid, expired or its session was ended (sockets use it too). */
export async function authenticate(deps: Pick<GatewayDeps, 'tokens' | 'sessions'>, token: string): Promise<AuthUser> {
  const user = await deps.tokens.verify(token);
  if (deps.sessions && (user.sessionVersion ?? 0) < (await deps.sessions.current(user.id))) {
    throw new AppError('INVALID_TOKEN', 'the session was ended (signed out everywhere or password reset)');
  }
  return user;
}

function requirePolicy(
  user: AuthUser,
  policy: AccessPolicyName,
  policies: Readonly<Record<AccessPolicyName, AccessRequirement>>,
): void {
  const need = policies[policy];
  // The boot refuses a route naming an unregistered policy (checkManifests): never reached.
  if (!need) throw new Error(`access policy ${policy} is not registered`);
  const missing = unmetAccess(user, need);
  if (missing.length === 0) return;
  throw new AppError(
    'STEP_UP_REQUIRED',
    `${policy} requires ${missing.join(' and ')}: sign in with POST /api/identity/login and "policy": "${policy}"`,
  );
}

/** Throws 429 when a limit is over; a promise only while the limiter waits for a lease. */
function limit(
  limiter: RateLimiter,
  deps: GatewayDeps,
  req: FastifyRequest,
  routePerMinute: number | undefined,
): Promise<void> | undefined {
  // req.ip is the peer's address, or what a trusted proxy says (COORDINA_TRUSTED_PROXIES).
  const source = `ip:${req.ip}`;
  const asks: RateAsk[] = [{ key: source, perMinute: deps.rateLimit.perIpPerMinute }];
  if (req.user) asks.push({ key: `user:${req.user.id}`, perMinute: deps.rateLimit.perUserPerMinute });
  if (routePerMinute) {
    const who = req.user ? `user:${req.user.id}` : source;
    asks.push({ key: `route:${req.coordina?.route?.path}:${who}`, perMinute: routePerMinute });
  }
  const wait = limiter.take(asks);
  if (typeof wait === 'number') return refuseOver(wait);
  return wait.then(refuseOver);
}

function refuseOver(wait: number): undefined {
  if (wait > 0)
    throw new AppError('RATE_LIMITED', `retry after ${wait} s`, { headers: { 'retry-after': String(wait) } });
  return undefined;
}

function claimIdempotency(
  store: IdempotencyStore,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  return claimKey(store, req, reply, key);
}

async function claimKey(
  store: IdempotencyStore,
  req: FastifyRequest,
  reply: FastifyReply,
  key: string | string[],
): Promise<void> {
  if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1-255 characters', {
      errors: [{ field: 'headers.idempotency-key', message: 'must be 1-255 characters' }],
    });
  }
  const scope = req.user ? `user:${req.user.id}` : `ip:${req.ip}`;
  const raw = Buffer.isBuffer(req.body)
    ? req.body.toString()
    : ((req as { rawBody?: Buffer }).rawBody?.toString() ?? JSON.stringify(req.body ?? null));
  const claim = await store.claim(scope, key, requestFingerprint(req.method, req.url, raw));
  if (claim.kind === 'new') {
    if (req.coordina) req.coordina.idempotency = { scope, key };
    return;
  }
  if (claim.kind === 'in-progress') throw new AppError('IDEMPOTENCY_IN_PROGRESS');
  if (claim.kind === 'mismatch') throw new AppError('IDEMPOTENCY_KEY_REUSED');
  void reply.header('idempotent-replayed', 'true');
  if (claim.contentType) void reply.header('content-type', claim.contentType);
  await reply.code(claim.status).send(claim.body);
}

/** Answers any error as RFC 9457 problem+json; a 5xx is logged as the bug it is. */
export function sendProblem(log: Logger, err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(err, req.url, req.coordina?.requestId ?? currentContext()?.requestId);
  if (problem.status >= 500) log.error({ err, url: req.url }, 'request failed');
  if (err instanceof AppError && err.headers) for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
  return reply
    .code(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(Buffer.from(JSON.stringify(problem)));
}
