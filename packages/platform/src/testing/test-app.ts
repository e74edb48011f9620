import type { LatencyAlertEvaluator } from '../observability/latency-alert.evaluator';
import type { PlatformConfig } from '../runtime/platform-config';
import type { ServiceRuntime } from '../runtime/service-context';
import type { ServiceManifest } from '../runtime/service-manifest';

export interface TestApp {
  /** Base URL of the running gateway, e.g. http://127.0.0.1:PORT (a real socket). */
  readonly url: string;
  readonly config: PlatformConfig;
  /** Each booted service's runtime handle (db, the whole bus, sagas), by manifest name. */
  readonly contexts: ReadonlyMap<string, ServiceRuntime>;
  /** The in-process latency alert evaluator. */
  readonly alerts: LatencyAlertEvaluator | undefined;
  /** fetch against the gateway: `app.fetch('/api/identity/login', {method:'POST', json: {...}, token})`. */
  fetch(path: string, init?: TestFetchInit): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestFetchInit {
  method?: string;
  json?: unknown;
  body?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
  text: string;
}

export interface TestAppOptions {
  services: readonly ServiceManifest[];
  config?: Partial<PlatformConfig>;
  /** Environment variables for the services' settings, over process.env. */
  env?: NodeJS.ProcessEnv;
}
