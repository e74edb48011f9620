import { context, trace } from '@opentelemetry/api';
import type { InMemorySpanExporter, ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { setTracingOn } from '../observability/tracing';

/** A finished span, plainly: what tests and the trace benchmark read. */
export interface FinishedSpan {
  traceId: string;
  spanId: string;
  /** The parent's span id; undefined for a root span. */
  parentId?: string;
  name: string;
  /** SpanKind: 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  kind: number;
  /** Milliseconds since the epoch. */
  startMs: number;
  endMs: number;
  attributes: Record<string, unknown>;
  service: string;
}

export function finishedSpan(s: ReadableSpan): FinishedSpan {
  const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
  return {
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentId: s.parentSpanContext?.spanId,
    name: s.name,
    kind: s.kind,
    startMs: ms(s.startTime),
    endMs: ms(s.endTime),
    attributes: { ...s.attributes },
    service: String(s.resource.attributes['service.name'] ?? ''),
  };
}

export type TracingMode = 'otlp' | 'memory' | 'off';

/** A process's tracing, once switched on: the spans it keeps (memory) or sends (OTLP). */
export interface Tracing {
  readonly mode: Exclude<TracingMode, 'off'>;
  /** The spans finished so far (memory mode; empty otherwise). */
  spans(): FinishedSpan[];
  /** Forgets the finished spans (memory mode). */
  reset(): void;
  /** Sends what is buffered (OTLP mode). */
  flush(): Promise<void>;
  /** Flushes and switches tracing off again. */
  shutdown(): Promise<void>;
}

/** The mode `COORDINA_TRACING` asks for: otlp, memory, or off (the default). */
export function tracingMode(env: NodeJS.ProcessEnv = process.env): TracingMode {
  const v = (env.COORDINA_TRACING ?? 'off').toLowerCase();
  if (v === 'otlp' || v === 'memory' || v === 'off') return v;
  throw new Error(`COORDINA_TRACING must be otlp, memory or off, not ${v}`);
}

/**
 * Switches tracing on for this process: an SDK tracer provider with an AsyncLocalStorage
 * context manager, exporting to memory (tests, benchmarks) or over OTLP/HTTP (to
 * OTEL_EXPORTER_OTLP_ENDPOINT, the exporter's own setting; http://localhost:4318 unless
 * set). The SDK is loaded only here: a process that never traces never loads it.
 */
export function startTracing(mode: Exclude<TracingMode, 'off'>, service: string): Tracing {
  // Loaded here, not at the top: a process that never traces never loads the SDK.
  const sdk: typeof import('@opentelemetry/sdk-trace') = require('@opentelemetry/sdk-trace');
  const {
    AsyncLocalStorageContextManager,
  }: typeof import('@opentelemetry/context-async-hooks') = require('@opentelemetry/context-async-hooks');
  const { resourceFromAttributes }: typeof import('@opentelemetry/resources') = require('@opentelemetry/resources');
  let memory: InMemorySpanExporter | undefined;
  let processor: SpanProcessor;
  if (mode === 'memory') {
    memory = new sdk.InMemorySpanExporter();
    processor = new sdk.SimpleSpanProcessor({ exporter: memory });
  } else {
    const {
      OTLPTraceExporter,
    }: typeof import('@opentelemetry/exporter-trace-otlp-http') = require('@opentelemetry/exporter-trace-otlp-http');
    processor = new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: 500 });
  }
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [processor],
    // A benchmark traces thousands of events: the default limit of 128 would cut its spans' links.
    spanLimits: { linkCountLimit: 1000 },
  });
  const contexts = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contexts);
  trace.setGlobalTracerProvider(provider);
  setTracingOn(true);
  return {
    mode,
    spans: () => (memory?.getFinishedSpans() ?? []).map(finishedSpan),
    reset: () => memory?.reset(),
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      setTracingOn(false);
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** Starts tracing when `COORDINA_TRACING` asks for it; undefined when it is off. */
export function tracingFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const mode = tracingMode(env);
  return mode === 'off' ? undefined : startTracing(mode, service);
}
