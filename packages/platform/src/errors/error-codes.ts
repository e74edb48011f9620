/** One error code: the HTTP status it answers with and the problem's title. */
export interface ErrorDefinition<C extends string = string> {
  readonly code: C;
  readonly status: number;
  readonly title: string;
}

/** A table of error codes by code, as a service's manifest registers it. */
export type ErrorTable = Readonly<Record<string, ErrorDefinition>>;

const CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Declares a table of error codes (UPPER_SNAKE code → status and title). A service keeps its
 * own table next to its contracts, registers it in its manifest (`errorCodes`) and throws
 * `new AppError(Table.CODE, detail)`; the platform's own codes below are thrown by name.
 */
export function defineErrorCodes<const T extends Record<string, { status: number; title: string }>>(
  table: T,
): { readonly [K in keyof T & string]: ErrorDefinition<K> } {
  const out: Record<string, ErrorDefinition> = {};
  for (const [code, { status, title }] of Object.entries(table)) {
    if (!CODE.test(code)) throw new Error(`error code ${code}: use UPPER_SNAKE_CASE`);
    if (!(Number.isInteger(status) && status >= 400 && status <= 599))
      throw new Error(`error code ${code}: status ${status}`);
    out[code] = Object.freeze({ code, status, title });
  }
  return Object.freeze(out) as { readonly [K in keyof T & string]: ErrorDefinition<K> };
}

/**
 * The platform's error table: the codes the platform itself raises (gateway, validation,
 * idempotency, limits) and the generic ones every service may throw. A code that only one
 * service raises belongs to that service's table (its manifest's `errorCodes`).
 * docs/reference/errors.md lists every code of the platform and the services, and tests keep
 * it in step.
 */
export const ErrorCodes = defineErrorCodes({
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  BAD_JSON: { status: 400, title: 'Malformed JSON body' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_TOKEN: { status: 401, title: 'Invalid or expired token' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  STEP_UP_REQUIRED: { status: 403, title: 'Sign in again meeting the access policy' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict' },
  INVALID_STATE: { status: 409, title: 'Operation not allowed in the current state' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key reused with a different request' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
});

/** A code of the platform's table. */
export type ErrorCode = keyof typeof ErrorCodes;
