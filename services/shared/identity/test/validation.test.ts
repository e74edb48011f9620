import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { identityService } from '../src';

function assertProblem(res: TestResponse, field: string): void {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  assert.equal(res.body.code, 'VALIDATION_FAILED');
  const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
  assert.ok(fields.includes(field), `expected ${field} in ${fields.join(', ')}`);
}

describe('identity input validation', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp({ services: [identityService] });
    await app.fetch('/api/identity/register', {
      json: { email: 'valid@example.test', password: 'passphrase 1', name: 'V' },
    });
    token = (
      await app.fetch('/api/identity/login', { json: { email: 'valid@example.test', password: 'passphrase 1' } })
    ).body.accessToken;
  });
  after(() => app.close());

  it('rejects a registration with a malformed email, a short password or no name, naming each field', async () => {
    assertProblem(
      await app.fetch('/api/identity/register', { json: { email: 'nope', password: 'passphrase 1', name: 'N' } }),
      'body.email',
    );
    assertProblem(
      await app.fetch('/api/identity/register', { json: { email: 'a@example.test', password: 'short', name: 'N' } }),
      'body.password',
    );
    assertProblem(
      await app.fetch('/api/identity/register', { json: { email: 'a@example.test', password: 'passphrase 1' } }),
      'body.name',
    );
  });

  it('refuses a common password, in any case, and the email as password, at registration and reset (NIST 800-63B)', async () => {
    const register = (email: string, password: string) =>
      app.fetch('/api/identity/register', { json: { email, password, name: 'N' } });
    for (const password of ['password', 'Password1', 'QWERTYUIOP', '12345678', 'iloveyou']) {
      const res = await register('common@example.test', password);
      assertProblem(res, 'body.password');
      assert.match(res.body.errors[0].message, /common/);
    }
    assertProblem(await register('Maria.Lopez@example.test', 'maria.lopez@example.test'), 'body.password');
    assertProblem(await register('maria.lopez@example.test', 'Maria.Lopez'), 'body.password');
    assertProblem(
      await app.fetch('/api/identity/password/reset', { json: { token: 'x'.repeat(43), password: 'password1' } }),
      'body.password',
    );
    assert.equal((await register('maria.lopez@example.test', 'a long unusual phrase')).status, 201);
  });

  it('rejects a login without a password or with a non-string email', async () => {
    assertProblem(await app.fetch('/api/identity/login', { json: { email: 'valid@example.test' } }), 'body.password');
    assertProblem(await app.fetch('/api/identity/login', { json: { email: 42, password: 'x' } }), 'body.email');
  });

  it('rejects a refresh or a logout without a refresh token', async () => {
    assertProblem(await app.fetch('/api/identity/refresh', { json: {} }), 'body.refreshToken');
    assertProblem(await app.fetch('/api/identity/logout', { json: { refreshToken: 7 }, token }), 'body.refreshToken');
  });

  it('answers malformed JSON with 400 problem+json instead of a 500', async () => {
    const res = await app.fetch('/api/identity/register', {
      body: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
  });
});
