import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from '../src/observability/metrics';
import { TrafficHistory } from '../src/observability/traffic-history';

describe('traffic history (the operations console’s request rate and latency)', () => {
  it('keeps per interval the requests answered, their rate, and p50/p95 latency, the oldest dropped first', async () => {
    const metrics = new Metrics();
    const traffic = new TrafficHistory(metrics.httpDuration, 10_000, 2);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(await traffic.sample(t0), undefined, 'the first snapshot only starts an interval');
    // 20 requests in the first 10 s: 18 fast (≤ 10 ms), 2 slow (in the 200–500 ms bucket).
    for (let i = 0; i < 18; i++) metrics.httpDuration.observe({ method: 'GET', route: '/a', status: '200' }, 0.008);
    for (let i = 0; i < 2; i++) metrics.httpDuration.observe({ method: 'POST', route: '/b', status: '201' }, 0.3);
    const first = await traffic.sample(t0 + 10_000);
    assert.deepEqual(first, {
      at: '2026-01-01T00:00:10.000Z',
      requests: 20,
      perSecond: 2,
      // Interpolated inside the buckets as Prometheus' histogram_quantile does.
      p50Ms: 8,
      p95Ms: 350,
    });
    // Nothing in the next 20 s (one late tick): a sample of zeros over that interval.
    const idle = await traffic.sample(t0 + 30_000);
    assert.deepEqual(idle, { at: '2026-01-01T00:00:30.000Z', requests: 0, perSecond: 0, p50Ms: 0, p95Ms: 0 });
    metrics.httpDuration.observe({ method: 'GET', route: '/a', status: '200' }, 0.04);
    await traffic.sample(t0 + 40_000);
    assert.deepEqual(
      traffic.samples.map((s) => [s.at.slice(11, 19), s.requests, s.perSecond]),
      [
        ['00:00:30', 0, 0],
        ['00:00:40', 1, 0.1],
      ],
      'two samples kept, the oldest dropped',
    );
  });
});
