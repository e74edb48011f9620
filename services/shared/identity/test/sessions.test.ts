import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { identityService } from '../src';

describe('identity sessions', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ services: [identityService] });
  });
  after(() => app.close());

  async function account(password = 'right password'): Promise<string> {
    const email = `s-${randomUUID().slice(0, 8)}@example.test`;
    const res = await app.fetch('/api/identity/register', { json: { email, password, name: 'S' } });
    assert.equal(res.status, 201);
    return email;
  }
  const login = (email: string, password: string) => app.fetch('/api/identity/login', { json: { email, password } });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown email alike', async () => {
    const email = await account();
    const wrong = await login(email, 'wrong password');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
    const unknown = await login('nobody@example.test', 'whatever1');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'INVALID_CREDENTIALS');
  });

  it('locks the account after 5 failures in 5 minutes, even for the right password, until the window passes', async () => {
    const email = await account();
    for (let i = 0; i < 5; i++) assert.equal((await login(email, 'wrong password')).status, 401);
    const locked = await login(email, 'right password');
    assert.equal(locked.status, 423);
    assert.equal(locked.headers.get('content-type'), 'application/problem+json');
    assert.equal(locked.body.code, 'ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 300, `retry-after ${retryAfter}`);

    // Let the lock pass by moving the account's lockout clock into the past.
    const db = app.contexts.get('identity')?.db;
    assert.ok(db);
    await sql`UPDATE login_failures SET locked_until = locked_until - interval '5 minutes 1 second',
        first_failure_at = first_failure_at - interval '5 minutes 1 second'
      WHERE account_key = ${email.toLowerCase()}`.execute(db.db);
    assert.equal((await login(email, 'right password')).status, 200);
  });

  it('does not lock after 4 failures, and a success starts the count afresh', async () => {
    const email = await account();
    for (let i = 0; i < 4; i++) assert.equal((await login(email, 'wrong password')).status, 401);
    assert.equal((await login(email, 'right password')).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await login(email, 'wrong password')).status, 401);
    assert.equal((await login(email, 'right password')).status, 200);
  });

  it('counts concurrent failures exactly: 10 parallel wrong attempts give five 401 and five 423', async () => {
    const email = await account();
    const results = await Promise.all(Array.from({ length: 10 }, () => login(email, 'wrong password')));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 423, 423, 423, 423, 423]);
  });

  it('rotates refresh tokens: the new pair works, the old token is revoked and its reuse is rejected', async () => {
    const email = await account();
    const first = (await login(email, 'right password')).body;
    const rotated = await app.fetch('/api/identity/refresh', { json: { refreshToken: first.refreshToken } });
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.refreshToken, first.refreshToken);
    assert.equal((await app.fetch('/api/identity/me', { token: rotated.body.accessToken })).body.email, email);

    const reuse = await app.fetch('/api/identity/refresh', { json: { refreshToken: first.refreshToken } });
    assert.equal(reuse.status, 401);
    assert.equal(reuse.body.code, 'INVALID_TOKEN');
    // Reuse means the token leaked: the whole family, including the rotated token, is revoked.
    const after = await app.fetch('/api/identity/refresh', { json: { refreshToken: rotated.body.refreshToken } });
    assert.equal(after.status, 401);
  });

  it('stores only a SHA-256 digest of a refresh token', async () => {
    const email = await account();
    const pair = (await login(email, 'right password')).body;
    const db = app.contexts.get('identity')?.db;
    assert.ok(db);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM refresh_tokens
      WHERE token_hash = encode(sha256(convert_to(${pair.refreshToken}, 'UTF8')), 'hex')`.execute(db.db);
    assert.equal(r.rows[0]?.n, 1);
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM refresh_tokens
      WHERE token_hash = ${pair.refreshToken}`.execute(db.db);
    assert.equal(raw.rows[0]?.n, 0);
  });

  it('rejects an unknown refresh token with 401 INVALID_TOKEN', async () => {
    const res = await app.fetch('/api/identity/refresh', { json: { refreshToken: 'x'.repeat(43) } });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_TOKEN');
  });

  it('logs out: 204, and the revoked refresh token no longer refreshes', async () => {
    const email = await account();
    const pair = (await login(email, 'right password')).body;
    const anonymous = await app.fetch('/api/identity/logout', { json: { refreshToken: pair.refreshToken } });
    assert.equal(anonymous.status, 401);
    const out = await app.fetch('/api/identity/logout', {
      json: { refreshToken: pair.refreshToken },
      token: pair.accessToken,
    });
    assert.equal(out.status, 204);
    const res = await app.fetch('/api/identity/refresh', { json: { refreshToken: pair.refreshToken } });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_TOKEN');
  });

  it("does not let one user log out another user's refresh token", async () => {
    const victim = (await login(await account(), 'right password')).body;
    const attacker = (await login(await account(), 'right password')).body;
    const res = await app.fetch('/api/identity/logout', {
      json: { refreshToken: victim.refreshToken },
      token: attacker.accessToken,
    });
    assert.equal(res.status, 204);
    const still = await app.fetch('/api/identity/refresh', { json: { refreshToken: victim.refreshToken } });
    assert.equal(still.status, 200);
  });
});
