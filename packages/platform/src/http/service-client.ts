import { Agent, type Dispatcher, request } from 'undici';
import type { RouteContract, ServiceRoutes } from '../contracts/route-contract';
import { connectionRefused, type InstanceLocator } from '../discovery/instance-locator';
import { AppError } from '../errors/app-error';
import { type ErrorCode, ErrorCodes } from '../errors/error-codes';
import type { Problem } from '../errors/problem';
import { INTERNAL_CALLER_HEADER } from '../gateway/internal-caller';
import type { Logger } from '../observability/logger';
import { currentContext, newContext } from '../observability/request-context';
import { SpanKind, traced, traceparentOf } from '../observability/tracing';
import type { InProcessHost, OutgoingCall as Outgoing, RawAnswer } from './in-process.host';
import {
  type CallArgs,
  type CallInput,
  type CallOutput,
  type RouteAt,
  type RouteKey,
  requestTarget,
  routeOf,
} from './route-call';

/**
 * How a service calls another service's HTTP API (`ctx.http`): typed from the callee's route
 * contract, never through the public gateway. In the embedded topology the callee's routes are
 * served by the same process and the call is injected into it (no socket); otherwise it goes to
 * an instance found by discovery. docs/decisions/0032-service-to-service-calls.md.
 */
export interface ServiceHttp {
  /**
   * Calls a route of `routes` named `"METHOD /path"` and answers its response, validated with
   * the contract's schema. A problem+json answer throws a `ServiceCallError` carrying the
   * problem's code; no answer, a 5xx or a body the contract refuses throw SERVICE_UNAVAILABLE.
   */
  call<S extends ServiceRoutes, K extends RouteKey<S>>(
    routes: S,
    route: K,
    ...args: CallArgs<RouteAt<S, K>>
  ): Promise<CallOutput<RouteAt<S, K>>>;
  /** Like `call`, but a 404 answer (no such resource) is `undefined`. */
  find<S extends ServiceRoutes, K extends RouteKey<S>>(
    routes: S,
    route: K,
    ...args: CallArgs<RouteAt<S, K>>
  ): Promise<CallOutput<RouteAt<S, K>> | undefined>;
}

/** A 4xx answer from another service, with the problem's code (404: `notFound`). */
export class ServiceCallError extends AppError {
  readonly service: string;
  readonly answerStatus: number;
  readonly problem: Partial<Problem> | undefined;

  constructor(service: string, answerStatus: number, problem: Partial<Problem> | undefined) {
    super(codeOf(answerStatus, problem?.code), problem?.detail ?? `${service} answered ${answerStatus}`, {
      errors: Array.isArray(problem?.errors) ? problem.errors : undefined,
    });
    this.name = 'ServiceCallError';
    this.service = service;
    this.answerStatus = answerStatus;
    this.problem = problem;
  }

  get notFound(): boolean {
    return this.answerStatus === 404;
  }
}

/** The problem's own code when the platform knows it, else the nearest code for its status. */
function codeOf(status: number, code: unknown): ErrorCode {
  if (typeof code === 'string' && Object.hasOwn(ErrorCodes, code)) return code as ErrorCode;
  const byStatus: Record<number, ErrorCode> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  };
  return byStatus[status] ?? 'SERVICE_UNAVAILABLE';
}

export interface ServiceClientOptions {
  /** The calling service (logs, and the `x-coordina-caller` header). */
  caller: string;
  /** internalCallerToken(jwtSecret): the callee sees a platform caller, not a client. */
  internalToken: string;
  log: Logger;
  /** The routes this process serves, answered in-process. */
  local?: InProcessHost;
  /** Where the other services' instances are (discovery), for routes not served here. */
  instances?: InstanceLocator;
  /** Per attempt (one instance); 5 s unless given. */
  timeoutMs?: number;
}

/** Keep-alive connections to other services' instances, bounded per instance. */
const instancesAgent = new Agent({ connections: 32 });

export class ServiceClient implements ServiceHttp {
  readonly #timeoutMs: number;

  constructor(private readonly options: ServiceClientOptions) {
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  async find<S extends ServiceRoutes, K extends RouteKey<S>>(
    routes: S,
    route: K,
    ...args: CallArgs<RouteAt<S, K>>
  ): Promise<CallOutput<RouteAt<S, K>> | undefined> {
    try {
      return await this.call(routes, route, ...args);
    } catch (err) {
      if (err instanceof ServiceCallError && err.notFound) return undefined;
      throw err;
    }
  }

  call<S extends ServiceRoutes, K extends RouteKey<S>>(
    routes: S,
    key: K,
    ...args: CallArgs<RouteAt<S, K>>
  ): Promise<CallOutput<RouteAt<S, K>>> {
    // Traced: a client span; the callee's server span continues it.
    return traced(`call ${String(key)}`, (span) => this.#call(routes, key, span && traceparentOf(span), ...args), {
      kind: SpanKind.CLIENT,
      attributes: { 'coordina.service': routes.service },
    });
  }

  async #call<S extends ServiceRoutes, K extends RouteKey<S>>(
    routes: S,
    key: K,
    traceparent: string | undefined,
    ...args: CallArgs<RouteAt<S, K>>
  ): Promise<CallOutput<RouteAt<S, K>>> {
    const route = routeOf(routes, key);
    const input = args[0] as CallInput<RouteContract> | undefined;
    const target = requestTarget(route, input);
    const ctx = currentContext() ?? newContext();
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...input?.headers,
      'x-request-id': ctx.requestId,
      traceparent: traceparent ?? ctx.traceparent,
      [INTERNAL_CALLER_HEADER]: this.options.internalToken,
      'x-coordina-caller': this.options.caller,
    };
    const body = input?.body === undefined ? undefined : JSON.stringify(input.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const out: Outgoing = {
      method: route.method,
      target,
      headers,
      body,
      timeoutMs: input?.timeoutMs ?? this.#timeoutMs,
    };
    const local = this.options.local;
    const answer = local?.serves(route.method, target)
      ? await this.#inProcess(local, routes.service, out)
      : await this.#overHttp(routes.service, out);
    return this.#read(routes.service, route, out, answer) as CallOutput<RouteAt<S, K>>;
  }

  async #inProcess(local: InProcessHost, service: string, out: Outgoing): Promise<RawAnswer> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${out.timeoutMs} ms`)), out.timeoutMs);
    });
    try {
      return await Promise.race([local.inject(out), late]);
    } catch (err) {
      throw this.#unavailable(service, out, err);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * To an instance found by discovery. A refused connection moves on to the next instance; any
   * other failure does too when the request is safe to repeat (GET, or an Idempotency-Key).
   */
  async #overHttp(service: string, out: Outgoing): Promise<RawAnswer> {
    const candidates = (await this.options.instances?.candidates(service)) ?? [];
    if (candidates.length === 0) throw this.#unavailable(service, out, new Error('no instance found'));
    const repeatable = out.method === 'GET' || out.headers['idempotency-key'] !== undefined;
    let lastError: unknown;
    for (const base of candidates) {
      try {
        const res = await request(`${base}${out.target}`, {
          method: out.method as Dispatcher.HttpMethod,
          headers: out.headers,
          body: out.body,
          dispatcher: instancesAgent,
          signal: AbortSignal.timeout(out.timeoutMs),
        });
        const text = await res.body.text();
        return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text };
      } catch (err) {
        lastError = err;
        const refused = connectionRefused(err);
        if (refused) this.options.instances?.markDown(base);
        if (!refused && !repeatable) break;
      }
    }
    throw this.#unavailable(service, out, lastError);
  }

  #read(service: string, route: RouteContract, out: Outgoing, answer: RawAnswer): unknown {
    const { status } = answer;
    if (status >= 400 && status < 500) throw new ServiceCallError(service, status, problemOf(answer));
    if (status < 200 || status >= 300) {
      this.options.log.warn({ service, status, url: out.target }, `${service} answered an error`);
      throw new AppError('SERVICE_UNAVAILABLE', `the ${service} service is unavailable`);
    }
    if (status === 204 || answer.text === '') return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return this.#broken(service, out, [{ message: 'the body is not JSON' }]);
    }
    if (!route.response) return body;
    const parsed = route.response.safeParse(body);
    return parsed.success ? parsed.data : this.#broken(service, out, parsed.error.issues);
  }

  #broken(service: string, out: Outgoing, issues: unknown[]): never {
    this.options.log.error({ service, issues, url: out.target }, `${service} broke its contract`);
    throw new AppError('SERVICE_UNAVAILABLE', `the ${service} service answered an unexpected body`);
  }

  #unavailable(service: string, out: Outgoing, err: unknown): AppError {
    this.options.log.warn({ err: String(err), service, url: out.target }, `${service} unreachable`);
    return new AppError('SERVICE_UNAVAILABLE', `the ${service} service is unavailable`);
  }
}

function problemOf(answer: RawAnswer): Partial<Problem> | undefined {
  try {
    const body = JSON.parse(answer.text) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Partial<Problem>) : undefined;
  } catch {
    return undefined;
  }
}
