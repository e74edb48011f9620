import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { Database, withDatabase } from '../src/db/database';
import { EmfReporter } from '../src/observability/emf.reporter';
import { LatencyAlertEvaluator } from '../src/observability/latency-alert.evaluator';
import { Metrics } from '../src/observability/metrics';
import { childTraceparent, newContext } from '../src/observability/request-context';
import { loadConfig } from '../src/runtime/config.loader';
import { databaseName } from '../src/runtime/coordina.app';
import { eventually, startTestApp } from '../src/testing/start-test-app';
import { echoService } from './echo.service';

const ROOT = resolve(__dirname, '../../../..');
const distributedEnv = { COORDINA_MODE: 'distributed', JWT_SECRET: 'x', SANDBOX_WEBHOOK_SECRET: 'whsec_x' };
const observe = (m: Metrics, route: string, seconds: number, n: number) => {
  for (let i = 0; i < n; i++) m.httpDuration.observe({ method: 'GET', route, status: '200' }, seconds);
};

describe('monitoring', () => {
  it('fires the latency alert when API p95 passes the threshold over the window, and resolves it', async () => {
    const m = new Metrics();
    const seen: string[] = [];
    const ev = new LatencyAlertEvaluator(
      m.httpDuration,
      { thresholdMs: 200, windowMs: 300_000, sampleMs: 15_000, minRequests: 20 },
      async (a) => {
        seen.push(`${a.state}:${a.p95Ms}`);
      },
    );
    const t0 = 1_000_000;
    await ev.evaluate(t0);
    observe(m, '/api/a', 0.05, 100);
    assert.equal(await ev.evaluate(t0 + 15_000), undefined, 'fast traffic fires nothing');
    observe(m, '/api/b', 0.4, 100);
    const fired = await ev.evaluate(t0 + 30_000);
    assert.equal(fired?.state, 'firing');
    assert.ok((fired?.p95Ms ?? 0) > 200);
    assert.equal(await ev.evaluate(t0 + 45_000), undefined, 'fires once while it stays high');
    observe(m, '/api/a', 0.01, 200);
    // Once the slow requests have left the 5-minute window, it resolves.
    assert.equal(await ev.evaluate(t0 + 200_000), undefined, 'still inside the window');
    const resolved = await ev.evaluate(t0 + 340_000);
    assert.equal(resolved?.state, 'resolved');
    assert.equal(seen.length, 2);
  });

  it('makes well-formed, distinct W3C trace ids and keeps an incoming trace', () => {
    const made = Array.from({ length: 2000 }, () => newContext());
    for (const c of made) assert.match(c.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.equal(new Set(made.map((c) => c.traceparent.slice(3, 35))).size, made.length, 'trace ids differ');
    assert.equal(new Set(made.map((c) => c.traceparent.slice(36, 52))).size, made.length, 'span ids differ');
    assert.equal(new Set(made.map((c) => c.requestId)).size, made.length, 'request ids differ');
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const child = childTraceparent(parent);
    assert.match(child, /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    assert.notEqual(child, parent, 'a new span id');
  });

  it('gives no verdict on too few requests', async () => {
    const m = new Metrics();
    const ev = new LatencyAlertEvaluator(
      m.httpDuration,
      { thresholdMs: 200, windowMs: 300_000, sampleMs: 15_000, minRequests: 20 },
      async () => undefined,
    );
    await ev.evaluate(0);
    observe(m, '/api/a', 5, 5);
    assert.equal(await ev.evaluate(15_000), undefined);
  });

  it('raises an operations event through the outbox when the embedded evaluator fires', async () => {
    const app = await startTestApp({
      services: [echoService],
      config: { alerts: { thresholdMs: 1, windowMs: 60_000, sampleMs: 3_600_000, minRequests: 5 } },
    });
    try {
      assert.ok(app.alerts);
      await app.alerts.evaluate();
      for (let i = 0; i < 10; i++) await app.fetch('/api/echo/public');
      const fired = await app.alerts.evaluate();
      assert.equal(fired?.state, 'firing');
      const db = new Database(withDatabase(app.config.postgresUrl, databaseName(app.config.dbPrefix, 'gateway')));
      try {
        const row = await eventually(async () => {
          const r = await sql<{ event: { data: { rule: string; state: string } } }>`SELECT event FROM coordina_outbox
            WHERE topic = 'alerta.disparada'`.execute(db.db);
          return r.rows[0];
        });
        assert.equal(row.event.data.rule, 'CoordinaApiLatencyHigh');
        assert.equal(row.event.data.state, 'firing');
      } finally {
        await db.close();
      }
    } finally {
      await app.close();
    }
  });

  it('writes CloudWatch Embedded Metric Format lines when enabled', async () => {
    const m = new Metrics();
    const lines: string[] = [];
    const emf = new EmfReporter(m.httpDuration, 'svc', 60_000, (l) => lines.push(l));
    await emf.report(0);
    observe(m, '/api/a', 0.12, 50);
    await emf.report(60_000);
    const doc = JSON.parse(lines[1] ?? '{}');
    assert.equal(doc._aws.CloudWatchMetrics[0].Namespace, 'Coordina');
    assert.deepEqual(doc._aws.CloudWatchMetrics[0].Dimensions, [['Service']]);
    assert.equal(doc.Service, 'svc');
    assert.equal(doc.ApiRequests, 50);
    assert.ok(doc.ApiLatencyP95 > 100 && doc.ApiLatencyP95 <= 250, String(doc.ApiLatencyP95));
    assert.equal(loadConfig({}, { ...distributedEnv, COORDINA_METRICS_EMF: 'true' }).metricsEmf, true);
  });

  it('keeps the Prometheus rule file, the chart rule and the evaluator defaults in step', () => {
    const file = readFileSync(resolve(ROOT, 'deploy/prometheus/coordina-rules.yaml'), 'utf8');
    const chart = readFileSync(resolve(ROOT, 'deploy/helm/coordina/templates/prometheus-rules.yaml'), 'utf8');
    const expr = 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.2';
    assert.ok(file.includes(expr));
    assert.ok(chart.includes(expr));
    const defaults = loadConfig({}, distributedEnv).alerts;
    assert.equal(defaults.thresholdMs, 200);
    assert.equal(defaults.windowMs, 300_000);
  });
});
