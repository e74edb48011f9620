import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reservePort } from '../src/runtime/ports';
import { startTestApp } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { echoService } from './echo.service';

describe('metrics on their own port (COORDINA_METRICS_PORT)', () => {
  let app: TestApp;
  let metricsPort: number;

  before(async () => {
    metricsPort = await reservePort();
    app = await startTestApp({ services: [echoService], config: { metricsPort } });
  });
  after(() => app?.close());

  it('serves /metrics on the metrics port and not with the API', async () => {
    assert.equal((await app.fetch('/api/echo/public')).status, 200);
    const api = await app.fetch('/metrics');
    assert.equal(api.status, 404);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /http_request_duration_seconds_bucket\{.*route="\/api\/echo\/public"/);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/api/echo/public`)).status, 404);
  });
});
