import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from './harness';

/** Per-IP allowance of the product these scenarios start: small, so a test can use it up. */
export const EDGE_PER_IP_PER_MINUTE = 20;

/**
 * Who a client is, for the per-IP limits, is the address the platform saw (or a configured
 * proxy saw), never what the client wrote in X-Forwarded-For; the platform's own callers
 * (services, the sandbox provider's webhooks) never share a client's allowance.
 */
export function forwardingScenarios(name: string, start: () => Promise<Product>): void {
  describe(`client addresses (${name})`, () => {
    let p: Product;
    before(async () => {
      p = await start();
    });
    after(() => p?.close());

    it('serves Prometheus metrics on the API port only on this machine’s embedded default', async () => {
      const metrics = await p.fetch('/metrics');
      if (p.name === 'embedded') {
        assert.equal(metrics.status, 200);
        return;
      }
      // Distributed: never through nginx (or an ingress); on each process's metrics port.
      assert.equal(metrics.status, 404);
      const gateway = p.topology?.gateways[0];
      assert.ok(gateway);
      const direct = await fetch(`http://127.0.0.1:${gateway.port}/metrics`);
      assert.equal(direct.status, 404);
      const scraped = await fetch(`http://127.0.0.1:${gateway.metricsPort}/metrics`);
      assert.equal(scraped.status, 200);
      assert.match(await scraped.text(), /http_request_duration_seconds/);
    });

    it('limits a client that writes X-Forwarded-For by its real address, and not the platform’s own calls', async () => {
      const statuses: number[] = [];
      // Each request claims another address; all of them come from 127.0.0.1. Two windows'
      // worth at the most, in case the minute turns while they are sent.
      for (let i = 0; i < 2 * EDGE_PER_IP_PER_MINUTE + 2 && !statuses.includes(429); i++) {
        const r = await p.fetch('/api/instudio/salons', { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
        statuses.push(r.status);
      }
      assert.ok(statuses.includes(429), `never limited: ${statuses.join(' ')}`);
      // A forged 127.0.0.1 or another's address changes nothing either.
      const again = await p.fetch('/api/instudio/salons', { headers: { 'x-forwarded-for': '198.51.100.9' } });
      assert.equal(again.status, 429);
      // The platform's own callers share the address but not the allowance.
      assert.ok(p.internalHeaders, 'the product names its internal headers');
      const internal = await p.fetch('/api/instudio/salons', { headers: p.internalHeaders });
      assert.equal(internal.status, 200, internal.text);
      const wrong = await p.fetch('/api/instudio/salons', { headers: { 'x-coordina-internal': 'guessed' } });
      assert.equal(wrong.status, 429);
    });
  });
}
