import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What flows with a request or an event: ids for logs, events, sagas and registries. */
export interface RequestContext {
  requestId: string;
  traceparent: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Random hex digits from a v4 UUID: node:crypto serves UUIDs from a cached entropy pool, about
 * 0.2 µs each, where `randomBytes` asks OpenSSL every time (~2.5 µs); ids are made on every
 * request and event. A UUID has 30 hex digits that are random.
 */
function randomHex(length: 16 | 30): string {
  const u = randomUUID();
  const hex = `${u.slice(0, 8)}${u.slice(9, 13)}${u.slice(15, 18)}${u.slice(20, 23)}${u.slice(24)}`;
  return hex.slice(0, length);
}

/** A child span of an incoming W3C traceparent, or a new trace. */
export function childTraceparent(parent?: string): string {
  const m = parent ? TRACEPARENT.exec(parent) : null;
  // A new trace id: 30 random digits after the fixed '00' keep it non-zero and well-formed.
  const traceId = m?.[1] ?? `00${randomHex(30)}`;
  return `00-${traceId}-${randomHex(16)}-01`;
}

export function newContext(requestId?: string, traceparent?: string): RequestContext {
  return { requestId: requestId ?? randomUUID(), traceparent: childTraceparent(traceparent) };
}
