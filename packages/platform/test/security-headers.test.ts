import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { installSecurityHeaders } from '../src/http/security-headers';

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

  it('keeps API answers such as tokens out of caches, unless the handler chose otherwise', async () => {
    assert.equal((await headersFor('http://x', '/api/tokens'))['cache-control'], 'no-store');
    assert.equal((await headersFor('http://x', '/api/qr'))['cache-control'], 'private, max-age=60');
  });
});
