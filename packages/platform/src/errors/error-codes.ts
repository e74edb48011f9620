/**
 * The platform's one error table. Every error that crosses the wire carries one of these
 * string codes in its problem+json body; docs/reference/errors.md lists the same codes and
 * a test keeps the two in step.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  BAD_JSON: { status: 400, title: 'Malformed JSON body' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  INVALID_TOKEN: { status: 401, title: 'Invalid or expired token' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  STEP_UP_REQUIRED: { status: 403, title: 'Sign in again meeting the access policy' },
  ACCOUNT_LOCKED: { status: 423, title: 'Account temporarily locked' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict' },
  EMAIL_TAKEN: { status: 409, title: 'Email already registered' },
  SLOT_UNAVAILABLE: { status: 409, title: 'Slot not available' },
  INVALID_STATE: { status: 409, title: 'Operation not allowed in the current state' },
  EMAIL_NOT_VERIFIED: { status: 403, title: 'Email address not verified' },
  INVALID_CODE: { status: 400, title: 'Invalid or expired code' },
  SOLD_OUT: { status: 409, title: 'Sold out and the waitlist is full' },
  PURCHASE_LIMIT_EXCEEDED: { status: 422, title: 'Purchase limit exceeded' },
  SALES_CLOSED: { status: 409, title: 'Ticket sales are closed' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key reused with a different request' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INVALID_SIGNATURE: { status: 400, title: 'Invalid webhook signature' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ErrorCodes;
