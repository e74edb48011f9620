import { createHmac, timingSafeEqual } from 'node:crypto';
import { activeTraceparent } from '../observability/tracing';

/**
 * Services call each other, and the sandbox provider sends its webhooks, through the public
 * URL, from the platform's own address. They say so with this header, whose value is derived
 * from the deployment's JWT secret, so they never count against (or exhaust) the per-IP
 * allowance of the clients that share that address (127.0.0.1 on the embedded default).
 */
export const INTERNAL_CALLER_HEADER = 'x-coordina-internal';

export function internalCallerToken(secret: string): string {
  return createHmac('sha256', secret).update('coordina internal caller v1').digest('base64url');
}

/** Headers an internal caller adds to its requests to the gateway. */
export function internalCallerHeaders(config: { jwtSecret: string }): Record<string, string> {
  // Traced: the call continues the active span's trace (a queued job's webhook, say).
  const traceparent = activeTraceparent();
  return {
    [INTERNAL_CALLER_HEADER]: internalCallerToken(config.jwtSecret),
    ...(traceparent ? { traceparent } : {}),
  };
}

/** Whether a request's header carries the expected token (compared in constant time). */
export function isInternalCaller(header: unknown, expected: string): boolean {
  if (typeof header !== 'string' || header.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}
