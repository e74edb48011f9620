import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  type SpanOptions,
  SpanStatusCode,
  type TimeInput,
  trace,
} from '@opentelemetry/api';

/**
 * The platform's tracing, on the OpenTelemetry API: spans for the gateway's requests and
 * handlers, transactions and commits, outbox inserts, the relay's publishes, the consumers'
 * receive, inbox claim, handler and commit, saga steps, and `ctx.http` calls. Without an SDK
 * the API does nothing; the helpers below do not even ask it unless `startTracing`
 * (runtime/tracing.sdk.ts) switched tracing on, so the cost when off is one boolean test.
 * docs/decisions/0047-tracing.md.
 */
let on = false;

export function setTracingOn(value: boolean): void {
  on = value;
}

export function tracingOn(): boolean {
  return on;
}

export type { Span };
export { SpanKind };

const tracer = () => trace.getTracer('coordina');

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context an incoming W3C traceparent continues (a remote parent), or the root. */
export function contextOf(traceparent: string | undefined): Context {
  const m = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!m?.[1] || !m[2] || !m[3]) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[1],
    spanId: m[2],
    traceFlags: Number.parseInt(m[3], 16),
    isRemote: true,
  });
}

/** The W3C traceparent naming a span (what the events and the outgoing calls carry). */
export function traceparentOf(span: Span): string {
  const sc = span.spanContext();
  return `00-${sc.traceId}-${sc.spanId}-${sc.traceFlags.toString(16).padStart(2, '0')}`;
}

/** The active span's traceparent, when tracing is on and a span is active. */
export function activeTraceparent(): string | undefined {
  const span = on ? trace.getSpan(context.active()) : undefined;
  return span ? traceparentOf(span) : undefined;
}

/** Starts a span under `parent` (the active context unless given); undefined when tracing is off. */
export function startSpan(
  name: string,
  options: SpanOptions = {},
  parent: Context = context.active(),
): Span | undefined {
  return on ? tracer().startSpan(name, options, parent) : undefined;
}

/** Runs `fn` with `span` as the active span (plainly when there is none). */
export function withSpan<T>(span: Span | undefined, fn: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), fn) : fn();
}

/** Ends a span, marking it failed when `err` is given. */
export function endSpan(span: Span | undefined, err?: unknown, end?: TimeInput): void {
  if (!span) return;
  if (err !== undefined) failSpan(span, err);
  span.end(end);
}

function failSpan(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** A span that is already over: from `start` until now (a commit measured around its statement). */
export function pastSpan(name: string, start: TimeInput, parent: Context, attributes?: Attributes): void {
  if (on) tracer().startSpan(name, { startTime: start, attributes }, parent).end();
}

/**
 * Runs `fn` in a child span of the active context. With `nested`, only inside a span already
 * (a transaction is traced as part of a request or an event, not as a poller's root span).
 */
export async function traced<T>(
  name: string,
  fn: (span: Span | undefined) => Promise<T>,
  options: SpanOptions & { nested?: boolean } = {},
): Promise<T> {
  if (!on || (options.nested && !trace.getSpan(context.active()))) return fn(undefined);
  const span = tracer().startSpan(name, options);
  try {
    return await context.with(trace.setSpan(context.active(), span), () => fn(span));
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** The context with `span` active (for work continued later under it). */
export function contextWith(span: Span): Context {
  return trace.setSpan(context.active(), span);
}
