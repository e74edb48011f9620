import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createLogger, type Logger } from '../observability/logger';
import { budget } from '../runtime/budget';
import { loadConfig } from '../runtime/config.loader';
import { CoordinaApp } from '../runtime/coordina.app';
import type { PlatformConfig } from '../runtime/platform-config';
import type { TestApp, TestAppOptions, TestFetchInit, TestResponse } from './test-app';

/** The PostgreSQL server tests share (started by `coordina test`); each app gets its own databases. */
export function testPostgresUrl(): string {
  const url = process.env.COORDINA_TEST_PG_URL;
  if (!url) throw new Error('COORDINA_TEST_PG_URL is not set: run the tests with `npm test`, which starts PostgreSQL');
  return url;
}

export function uniquePrefix(): string {
  return `t${randomBytes(5).toString('hex')}_`;
}

/**
 * A test app's configuration: the embedded topology on the tests' PostgreSQL server with fresh
 * databases and secrets, no demo data, quiet, listening on a port the system picks.
 */
export function testConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return loadConfig(
    {
      mode: 'embedded',
      port: 0,
      host: '127.0.0.1',
      postgresUrl: testPostgresUrl(),
      dbPrefix: uniquePrefix(),
      jwtSecret: randomBytes(32).toString('hex'),
      webhookSecrets: {
        sandbox: `whsec_${randomBytes(16).toString('hex')}`,
        stripe: `whsec_${randomBytes(16).toString('hex')}`,
      },
      seedDemo: false,
      logLevel: process.env.LOG_LEVEL ?? 'silent',
      sandboxWebhookDelayMs: 20,
      ...overrides,
    },
    {},
  );
}

/**
 * Unless LOG_LEVEL says otherwise, a test app's warnings and errors go to a file in the tests'
 * temporary directory, `logs/<test file>.<pid>.log`: the test output stays quiet, and `coordina test`
 * keeps that directory when a test fails, so a failure's logs can be read afterwards.
 */
function testLogger(): Logger | undefined {
  if (process.env.LOG_LEVEL) return undefined;
  const file = basename(process.argv[1] ?? 'test', '.js');
  return createLogger({ level: 'warn', file: join(tmpdir(), 'logs', `${file}.${process.pid}.log`) });
}

/** Boots services on a real socket with fresh databases, for integration and end-to-end tests. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const config = testConfig(options.config);
  const log = testLogger();
  const app = await CoordinaApp.boot({
    config,
    services: options.services,
    env: { ...process.env, ...options.env },
    ...(log ? { log } : {}),
  });
  const port = await app.listen();
  config.publicUrl = `http://127.0.0.1:${port}`;
  config.port = port;
  return {
    url: config.publicUrl,
    config,
    contexts: app.contexts,
    alerts: app.alerts,
    fetch: (path, init) => testFetch(config.publicUrl, path, init),
    close: () => app.close(),
  };
}

export async function testFetch(base: string, path: string, init: TestFetchInit = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/**
 * Polls until `fn` returns a truthy value or the deadline passes. The deadline is a budget
 * scaled to the machine (`budget`): it bounds a wait, it does not assert a speed.
 */
export async function eventually<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  stepMs = 50,
): Promise<T> {
  timeoutMs = budget(timeoutMs);
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
