import {
  applyDecorators,
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  type NestInterceptor,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import type { RouteContract, ServiceRoutes } from '../contracts/route-contract';
import { type BytesAnswer, JsonBody, mediaTypeOf, type TextAnswer } from './answer-bodies';
import { type RouteAt, type RouteKey, routeOf } from './route-call';
import { parseRequestPart, type RequestPart } from './zod.pipe';

export * from './answer-bodies';

/**
 * Binding a Nest handler to its route contract entry, once (docs/decisions/0040-route-binding.md):
 *
 *     @Controller()
 *     export class ThingsController {
 *       @Endpoint(thingsRoutes, 'PATCH /api/things/:id')
 *       update(@Input() { params, body }: InputOf<typeof thingsRoutes, 'PATCH /api/things/:id'>) { ... }
 *     }
 *
 * The contract gives the method and full path, the success status, and the schemas the
 * params, query and body are validated with before the handler runs (400 problem+json naming
 * the field). Under `coordina test` (COORDINA_CHECK_RESPONSES=1) every success answer is also
 * checked against the contract's `response`, and a mismatch fails the request with a 500.
 * Authentication, roles, access policies and rate limits stay in the gateway, which reads the
 * same contract entry.
 */

/** The setting `coordina test` turns on: answers are checked against their contract. */
export const CHECK_RESPONSES_ENV = 'COORDINA_CHECK_RESPONSES';

/** Metadata on a bound handler: the contract entry and the service that declares it. */
export const ENDPOINT_METADATA = 'coordina:endpoint';

export interface BoundRoute {
  readonly service: string;
  readonly route: RouteContract;
}

type PartOf<R, P extends RequestPart> = R extends { [K in P]: infer S extends z.ZodType } ? z.output<S> : undefined;

/** What `@Input()` hands a handler of route R: its params, query and body as the contract parses them. */
export interface RouteInput<R> {
  readonly params: PartOf<R, 'params'>;
  readonly query: PartOf<R, 'query'>;
  readonly body: PartOf<R, 'body'>;
}

/** `InputOf<typeof thingsRoutes, 'GET /api/things/:id'>`: the input of one route of a contract. */
export type InputOf<S extends ServiceRoutes, K extends RouteKey<S>> = RouteInput<RouteAt<S, K>>;

type Awaitable<T> = T | Promise<T>;

/** What a handler of route R may return: the contract's response (nothing for `NoBody`). */
export type RouteAnswer<R> = R extends { response: infer S extends z.ZodType }
  ? [z.input<S>] extends [undefined]
    ? Awaitable<void>
    : Awaitable<z.input<S> | TextAnswer | BytesAnswer | JsonBody<z.input<S>>>
  : unknown;

type TakesInput<R> = R extends { params: z.ZodType } | { query: z.ZodType } | { body: z.ZodType } ? true : false;

/** A handler of route R: `@Input()` first when the route has params, query or body. */
type HandlerOf<R> =
  TakesInput<R> extends true
    ? (input: RouteInput<R>, ...rest: never[]) => RouteAnswer<R>
    : (...args: never[]) => RouteAnswer<R>;

const PARSED = Symbol('coordina.input');

type WithInput = { [PARSED]?: { params: unknown; query: unknown; body: unknown } };

/**
 * Serves a handler at a contract entry, named `"METHOD /path"` (a key the contract does not
 * declare does not compile), with its status, input validation and (in tests) response check.
 * The handler's return type must fit the contract's response; its first parameter, when the
 * route has params, query or body, is `@Input()` with a type the contract's can be given to.
 */
export function Endpoint<S extends ServiceRoutes, K extends RouteKey<S>>(
  routes: S,
  key: K,
): (target: object, name: string | symbol, descriptor: { value?: HandlerOf<RouteAt<S, K>> }) => void {
  const route = routeOf(routes, key);
  const bound: BoundRoute = { service: routes.service, route };
  const decorate = applyDecorators(
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    HttpCode(successStatus(route)),
    SetMetadata(ENDPOINT_METADATA, bound),
    UseInterceptors(new EndpointInterceptor(route)),
  );
  return (target, name, descriptor) => {
    // Parameter decorators ran first: the input a route takes reaches the handler through @Input().
    if ((route.params || route.query || route.body) && !takesInputFirst(target, name)) {
      throw new Error(`${target.constructor.name}.${String(name)} (${key}): the first parameter must be @Input()`);
    }
    decorate(target, name, descriptor as PropertyDescriptor);
  };
}

/** The status of a success answer: the contract's, else Nest's default (201 for POST, 200 otherwise). */
export function successStatus(route: RouteContract): number {
  return route.status ?? (route.method === 'POST' ? 201 : 200);
}

/** The bound route of a handler function, if `@Endpoint` bound it. */
export function boundRouteOf(handler: object): BoundRoute | undefined {
  return Reflect.getMetadata(ENDPOINT_METADATA, handler) as BoundRoute | undefined;
}

function readInput(_: unknown, ctx: ExecutionContext): unknown {
  const input = ctx.switchToHttp().getRequest<WithInput>()[PARSED];
  if (!input) throw new Error(`@Input() on ${ctx.getClass().name}.${ctx.getHandler().name} without @Endpoint`);
  return input;
}

/** The handler's params, query and body, validated by its `@Endpoint`'s contract entry. */
export const Input = createParamDecorator(readInput);

function takesInputFirst(target: object, name: string | symbol): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, name) ?? {}) as Record<
    string,
    { index: number; factory?: unknown }
  >;
  return Object.values(args).some((a) => a.index === 0 && a.factory === readInput);
}

/** The content type of JSON answers, a `JsonBody`'s among them. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Validates the request's parts before the handler, sends a `JsonBody` as its text, and checks
 * the answer when tests ask.
 */
class EndpointInterceptor implements NestInterceptor {
  constructor(private readonly route: RouteContract) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<{ params?: unknown; query?: unknown; body?: unknown } & WithInput>();
    const { params, query, body } = this.route;
    req[PARSED] = {
      params: params ? parseRequestPart(params, 'params', req.params) : undefined,
      query: query ? parseRequestPart(query, 'query', req.query) : undefined,
      body: body ? parseRequestPart(body, 'body', req.body) : undefined,
    };
    const reply = http.getResponse<FastifyReply>();
    const check = process.env[CHECK_RESPONSES_ENV] === '1';
    return next.handle().pipe(
      map((answer) => {
        if (!(answer instanceof JsonBody))
          return check ? checkAnswer(this.route, answer, reply.getHeader('content-type')) : answer;
        // Serialized already (a cached page): sent as it is, checked as the client reads it.
        if (check) checkAnswer(this.route, JSON.parse(answer.text), 'application/json');
        void reply.header('content-type', JSON_CONTENT_TYPE);
        return answer.bytes;
      }),
    );
  }
}

/** A success answer the contract refuses: the handler or the contract has a bug. */
export class ContractBreach extends Error {
  constructor(
    readonly route: string,
    readonly issues: readonly unknown[],
  ) {
    super(`${route} answered a body its contract refuses: ${JSON.stringify(issues)}`);
    this.name = 'ContractBreach';
  }
}

/**
 * The answer as the client reads it (JSON text, parsed back) against the contract's response.
 * Answers the handler wrote itself (`mediaBody`) or rendered as text with another content
 * type (CSV) are not JSON and are not checked.
 */
export function checkAnswer(route: RouteContract, answer: unknown, contentType?: unknown): unknown {
  const id = `${route.method} ${route.path}`;
  if (mediaTypeOf(route.response)) return answer;
  if (typeof contentType === 'string' && !/\bjson\b/i.test(contentType)) return answer;
  if (!route.response) throw new ContractBreach(id, [{ message: 'the contract declares no response' }]);
  const wire = answer === undefined ? undefined : (JSON.parse(JSON.stringify(answer)) as unknown);
  const parsed = route.response.safeParse(wire);
  if (!parsed.success) throw new ContractBreach(id, parsed.error.issues);
  return answer;
}
