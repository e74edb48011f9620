import type { z } from 'zod';
import type { RouteContract, ServiceRoutes } from '../contracts/route-contract';

/** A route of a contract named as `"METHOD /path"`, e.g. `'GET /api/things/:id'`. */
export type RouteKey<S extends ServiceRoutes> = KeyOf<S['routes'][number]>;
type KeyOf<R> = R extends RouteContract ? `${R['method']} ${R['path']}` : never;

/** The contract entry a key names, with its exact schemas. */
export type RouteAt<S extends ServiceRoutes, K extends RouteKey<S>> = Extract<
  S['routes'][number],
  { method: SplitKey<K>[0]; path: SplitKey<K>[1] }
>;
type SplitKey<K> = K extends `${infer M} ${infer P}` ? [M, P] : never;

/** `{ id: string; partId: string }` from `/things/:id/parts/:partId`. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

type ParamsInput<R> = R extends { params: infer S extends z.ZodType }
  ? { params: z.input<S> }
  : R extends { path: infer P extends string }
    ? keyof PathParams<P> extends never
      ? { params?: undefined }
      : { params: PathParams<P> }
    : never;
type QueryInput<R> = R extends { query: infer S extends z.ZodType } ? { query?: z.input<S> } : { query?: undefined };
type BodyInput<R> = R extends { body: infer S extends z.ZodType } ? { body: z.input<S> } : { body?: undefined };

export interface CallOptions {
  /** Extra headers, such as `authorization` to act for the signed-in user on an authenticated route. */
  headers?: Record<string, string>;
  /** Per attempt; the client's default otherwise. */
  timeoutMs?: number;
}

/** What a call of route R takes: its path params, query and body as the contract types them. */
export type CallInput<R> = ParamsInput<R> & QueryInput<R> & BodyInput<R> & CallOptions;

/** What a call of route R answers: the contract's response, validated; unknown without one. */
export type CallOutput<R> = R extends { response: infer S extends z.ZodType } ? z.output<S> : unknown;

/** The arguments after the route key: the input, optional when nothing in it is required. */
export type CallArgs<R> = Record<never, never> extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

/** The contract entry a key names (the types say it exists; a wrong key at run time is a bug). */
export function routeOf(routes: ServiceRoutes, key: string): RouteContract {
  const route = routes.routes.find((r) => `${r.method} ${r.path}` === key);
  if (!route) throw new Error(`${routes.service} declares no route ${key}`);
  return route;
}

/** The URL path and query of a call: params filled in (encoded), query values as strings. */
export function requestTarget(route: RouteContract, input: { params?: unknown; query?: unknown } | undefined): string {
  const params = (input?.params ?? {}) as Record<string, unknown>;
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`${route.method} ${route.path} needs the path param ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries((input?.query ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) search.append(k, String(one));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
