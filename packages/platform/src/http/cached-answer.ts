import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceRoutes } from '../contracts/route-contract';
import type { OwnedRoute, RouteTable } from '../gateway/route-table';
import { JsonBody } from './answer-bodies';
import type { AuthUser } from './current-user.decorator';
import { CHECK_RESPONSES_ENV, checkAnswer, JSON_CONTENT_TYPE, type RouteInput, successStatus } from './endpoint';
import { type RouteAt, type RouteKey, routeOf } from './route-call';
import { parseRequestPart } from './zod.pipe';

/**
 * A read answered from a cache before the framework's pipeline (decision 0124):
 *
 *     @Endpoint(thingsRoutes, 'GET /api/things')
 *     list(@Input() { query }: InputOf<typeof thingsRoutes, 'GET /api/things'>) { ... }
 *
 *     @CachedAnswer(thingsRoutes, 'GET /api/things')
 *     listCached({ query }: InputOf<typeof thingsRoutes, 'GET /api/things'>) { return this.things.cachedList(query); }
 *
 * The cached answer is tried once the gateway's policy let the request in (request id, trace,
 * token, roles, access policy and rate limits all ran as for any request), with the params
 * and query the contract parsed (a bad one is the same 400 problem+json naming the field). It
 * returns the page's JSON text when the cache holds it, and `undefined` otherwise: then the
 * request goes on to the `@Endpoint` handler, which loads and fills the cache as before. It
 * must only read: no loads, no writes, nothing a miss would not also do. A key that depends
 * on the user is built from the `user` it is handed.
 */
export type CachedAnswerFn<R> = (
  input: RouteInput<R>,
  user: AuthUser | undefined,
) => Promise<JsonBody<unknown> | undefined> | JsonBody<unknown> | undefined;

/** Metadata on a cached-answer method: the route it answers. */
const CACHED_ANSWER_METADATA = 'coordina:cached-answer';

interface CachedAnswerMeta {
  readonly service: string;
  readonly method: string;
  readonly path: string;
}

/** Marks a controller method as the cache-only answer of a contract route (a GET with a JSON response). */
export function CachedAnswer<S extends ServiceRoutes, K extends RouteKey<S>>(
  routes: S,
  key: K,
): (target: object, name: string | symbol, descriptor: { value?: CachedAnswerFn<RouteAt<S, K>> }) => void {
  const route = routeOf(routes, key);
  if (route.method !== 'GET') throw new Error(`@CachedAnswer(${key}): only GET routes are answered from a cache`);
  const meta: CachedAnswerMeta = { service: routes.service, method: route.method, path: route.path };
  return (_target, _name, descriptor) => {
    if (!descriptor.value) throw new Error(`@CachedAnswer(${key}) on something that is not a method`);
    Reflect.defineMetadata(CACHED_ANSWER_METADATA, meta, descriptor.value);
  };
}

/** The input as a cached answer takes it: params and query parsed, no body (GET). */
type ParsedInput = { params: unknown; query: unknown; body: undefined };

type Lookup = (input: ParsedInput, user: AuthUser | undefined) => ReturnType<CachedAnswerFn<unknown>>;

/**
 * The process's cached answers by route, served by one `preHandler` hook installed after the
 * gateway's (so its policy ran first). Routes without one pass through untouched.
 */
export class CachedAnswers {
  readonly #byRoute = new Map<OwnedRoute, Lookup>();

  constructor(private readonly routes: RouteTable) {}

  /** The hook; install it before the routes are registered (Fastify binds hooks then). */
  install(app: FastifyInstance): void {
    app.addHook('preHandler', (req, reply, done) => {
      const route = req.coordina?.route;
      const lookup = route && this.#byRoute.get(route);
      if (!route || !lookup) return done();
      let input: ParsedInput;
      try {
        input = {
          params: route.params ? parseRequestPart(route.params, 'params', req.params) : undefined,
          query: route.query ? parseRequestPart(route.query, 'query', req.query) : undefined,
          body: undefined,
        };
      } catch (err) {
        // A refused input: the same 400 problem+json naming the field as on the handler's path.
        return done(err as Error);
      }
      let found: ReturnType<Lookup>;
      try {
        found = lookup(input, req.user);
      } catch {
        // The handler's path reads (and loads) again and answers whatever went wrong.
        return done();
      }
      if (!(found instanceof Promise)) return answer(route, reply, found, done);
      found.then(
        (body) => answer(route, reply, body, done),
        () => done(),
      );
    });
  }

  /** Finds the `@CachedAnswer` methods of the app's controllers (after the app is initialised). */
  collect(nest: INestApplicationContext): void {
    const owned = new Map(this.routes.all().map((r) => [`${r.service} ${r.method} ${r.path}`, r]));
    for (const mod of nest.get(ModulesContainer).values()) {
      for (const wrapper of mod.controllers.values()) {
        const instance = wrapper.instance as Record<string, unknown> | undefined;
        if (!instance) continue;
        const proto = Object.getPrototypeOf(instance) as object;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const fn = (proto as Record<string, unknown>)[name];
          if (typeof fn !== 'function') continue;
          const meta = Reflect.getMetadata(CACHED_ANSWER_METADATA, fn) as CachedAnswerMeta | undefined;
          if (!meta) continue;
          const route = owned.get(`${meta.service} ${meta.method} ${meta.path}`);
          if (!route) throw new Error(`@CachedAnswer(${meta.method} ${meta.path}): no such route in this process`);
          this.#byRoute.set(route, (fn as Lookup).bind(instance));
        }
      }
    }
  }
}

function answer(
  route: OwnedRoute,
  reply: FastifyReply,
  found: JsonBody<unknown> | undefined,
  done: (err?: Error) => void,
): void {
  if (!(found instanceof JsonBody) || reply.sent) {
    done();
    return;
  }
  if (process.env[CHECK_RESPONSES_ENV] === '1') {
    try {
      checkAnswer(route, JSON.parse(found.text), 'application/json');
    } catch (err) {
      done(err as Error);
      return;
    }
  }
  void reply.code(successStatus(route)).header('content-type', JSON_CONTENT_TYPE).send(found.bytes);
}
