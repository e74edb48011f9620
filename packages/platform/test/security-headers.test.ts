import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { installSecurityHeaders, securityHeaders } from '../src/http/security-headers';

async function headersFor(publicUrl: string, path: string): Promise<Record<string, unknown>> {
  const app = Fastify();
  await installSecurityHeaders(app, { publicUrl });
  app.get('/api/tokens', async () => ({ accessToken: 'a' }));
  app.get('/api/qr', async (_req, reply) => reply.header('cache-control', 'private, max-age=60').send('png'));
  const res = await app.inject({ method: 'GET', url: path });
  await app.close();
  return res.headers;
}

describe('security headers', () => {
  it('sends HSTS only when the platform is reached over TLS', async () => {
    assert.match(
      String((await headersFor('https://api.example.com', '/api/tokens'))['strict-transport-security']),
      /max-age=31536000/,
    );
    assert.equal((await headersFor('http://127.0.0.1:8080', '/api/tokens'))['strict-transport-security'], undefined);
  });

  it("sends helmet's headers, worked out once, on every answer: errors and unknown paths too", async () => {
    const app = Fastify();
    await installSecurityHeaders(app, { publicUrl: 'http://x' });
    app.get('/api/tokens', async () => ({ accessToken: 'a' }));
    app.get('/api/broken', async () => {
      throw new Error('boom');
    });
    const urls = ['/api/tokens', '/api/broken', '/nowhere'];
    const answers = await Promise.all(urls.map((url) => app.inject({ method: 'GET', url })));
    await app.close();
    for (const [i, res] of answers.entries()) {
      const url = urls[i];
      assert.equal(
        res.headers['content-security-policy'],
        "default-src 'none';style-src 'unsafe-inline';img-src 'self';base-uri 'none';form-action 'none';frame-ancestors 'none'",
        url,
      );
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', url);
    }
    assert.deepEqual(
      Object.keys(securityHeaders({ publicUrl: 'http://x' })).sort(),
      Object.keys(answers[0]?.headers ?? {})
        .filter((h) => !['content-type', 'content-length', 'date', 'connection', 'cache-control'].includes(h))
        .sort(),
      'nothing else is added, nothing is left out',
    );
  });

  it('keeps API answers such as tokens out of caches, unless the handler chose otherwise', async () => {
    assert.equal((await headersFor('http://x', '/api/tokens'))['cache-control'], 'no-store');
    assert.equal((await headersFor('http://x', '/api/qr'))['cache-control'], 'private, max-age=60');
  });
});
