import type { z } from 'zod';
import type { Role } from '../auth/roles';
import type { AccessPolicyName } from '../auth/system-access';

/** Who may call a route: anyone, any signed-in user, or users with one of the roles. */
export type RouteAuth = 'public' | 'authenticated' | readonly Role[];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One HTTP route of a service, declared once; the gateway, OpenAPI and tests read it. */
export interface RouteContract {
  readonly method: HttpMethod;
  /** Full path as the client sees it, e.g. `/api/shop/orders/:id`. */
  readonly path: string;
  readonly auth: RouteAuth;
  /**
   * A system's access policy the caller's sign-in must meet (verified email, second factor):
   * 403 STEP_UP_REQUIRED until it does. Needs `auth` other than public.
   */
  readonly policy?: AccessPolicyName;
  readonly summary: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response?: z.ZodType;
  readonly status?: number;
  /**
   * Also answers 204 without a body when there is nothing to send (a "next item" read that
   * found none): documented beside `status`; the handler sends that answer itself.
   */
  readonly orNoContent?: boolean;
  /** Rate-limit bucket for sensitive routes (payments, login); default is the general one. */
  readonly rateLimit?: { perMinute: number };
  /** Raw body needed (webhook signatures). */
  readonly rawBody?: boolean;
  /**
   * Takes a multipart/form-data body (a file upload, at most 10 MiB; the handler parses it and
   * checks its own limits) instead of JSON. Declare no `body`: the handler reads the bytes.
   */
  readonly upload?: boolean;
}

/**
 * The HTTP contract of one service: its name and routes. `defineRoutes` keeps each entry's
 * exact type (method, path and schemas), so a caller's request and answer are typed from it
 * (`ctx.http`, http/service-client.ts).
 */
export interface ServiceRoutes<R extends readonly RouteContract[] = readonly RouteContract[]> {
  readonly service: string;
  readonly routes: R;
}

export function defineRoutes<const R extends readonly RouteContract[]>(service: string, routes: R): ServiceRoutes<R> {
  return Object.freeze({ service, routes: Object.freeze([...routes]) as unknown as R });
}
