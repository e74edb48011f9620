import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { identityService } from '../src';

const email = () => `u-${randomUUID().slice(0, 8)}@example.test`;

describe('identity accounts', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ services: [identityService] });
  });
  after(() => app.close());

  it('registers a client, logs in and reads the account back from /me', async () => {
    const address = email();
    const reg = await app.fetch('/api/identity/register', {
      json: { email: address, password: 'correct horse', name: 'Ana' },
    });
    assert.equal(reg.status, 201);
    assert.equal(reg.body.email, address);
    assert.deepEqual(reg.body.roles, ['client']);
    assert.ok(reg.body.id);
    assert.equal(reg.body.password, undefined);

    const login = await app.fetch('/api/identity/login', { json: { email: address, password: 'correct horse' } });
    assert.equal(login.status, 200);
    assert.equal(typeof login.body.accessToken, 'string');
    assert.equal(typeof login.body.refreshToken, 'string');
    assert.equal(login.body.expiresIn, app.config.accessTokenTtlSeconds);

    const me = await app.fetch('/api/identity/me', { token: login.body.accessToken });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { id: reg.body.id, email: address, name: 'Ana', roles: ['client'] });
  });

  it('stores a scrypt hash with a random salt, never the password', async () => {
    const a = email();
    const b = email();
    for (const address of [a, b]) {
      await app.fetch('/api/identity/register', { json: { email: address, password: 'same password', name: 'S' } });
    }
    const db = app.contexts.get('identity')?.db;
    assert.ok(db);
    const rows = await sql<{ password_hash: string }>`SELECT password_hash FROM users
      WHERE email IN (${a}, ${b})`.execute(db.db);
    assert.equal(rows.rows.length, 2);
    const [h1, h2] = rows.rows.map((r) => r.password_hash);
    assert.match(h1 ?? '', /^scrypt\$/);
    assert.doesNotMatch(h1 ?? '', /same password/);
    assert.notEqual(h1, h2);
  });

  /** The events of a topic in identity's outbox for one key (an account id). */
  async function outbox(topic: string, key: string): Promise<{ data: Record<string, unknown> }[]> {
    const db = app.contexts.get('identity')?.db;
    assert.ok(db);
    const r = await sql<{ event: { data: Record<string, unknown> } }>`
      SELECT event FROM coordina_outbox WHERE topic = ${topic} AND key = ${key}`.execute(db.db);
    return r.rows.map((row) => row.event);
  }

  it('answers a taken email (any letter case) exactly like a new one, and tells the owner instead', async () => {
    const address = email();
    const first = await app.fetch('/api/identity/register', {
      json: { email: address, password: 'passphrase 1', name: 'A' },
    });
    assert.equal(first.status, 201);
    const again = await app.fetch('/api/identity/register', {
      json: { email: address.toUpperCase(), password: 'passphrase 2', name: 'B' },
    });
    const fresh = await app.fetch('/api/identity/register', {
      json: { email: email(), password: 'passphrase 2', name: 'B' },
    });
    // Same status, same headers that matter, same body shape: nothing tells the two apart.
    assert.equal(again.status, fresh.status);
    assert.equal(again.headers.get('content-type'), fresh.headers.get('content-type'));
    assert.deepEqual(Object.keys(again.body).sort(), Object.keys(fresh.body).sort());
    assert.deepEqual(again.body.roles, fresh.body.roles);
    assert.notEqual(again.body.id, first.body.id, 'the answer does not reveal the existing account');
    // The owner is told (an event to email them); the account keeps its password.
    const told = await outbox('registro.intentado', first.body.id);
    assert.equal(told.length, 1);
    assert.equal(told[0]?.data.email, address);
    const login = await app.fetch('/api/identity/login', { json: { email: address, password: 'passphrase 1' } });
    assert.equal(login.status, 200, login.text);
  });

  it('creates exactly one account from many concurrent registrations of one email; the owner hears of the rest', async () => {
    const address = email();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        app.fetch('/api/identity/register', { json: { email: address, password: 'passphrase 1', name: `N${i}` } }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array.from({ length: 8 }, () => 201),
    );
    const db = app.contexts.get('identity')?.db;
    assert.ok(db);
    const rows = await sql<{ id: string }>`SELECT id FROM users WHERE lower(email) = lower(${address})`.execute(db.db);
    assert.equal(rows.rows.length, 1);
    assert.equal((await outbox('registro.intentado', rows.rows[0]?.id ?? '')).length, 7);
  });

  it('publishes user.registered in the registration transaction', async () => {
    const address = email();
    const reg = await app.fetch('/api/identity/register', {
      json: { email: address, password: 'passphrase 1', name: 'E' },
    });
    const registered = await outbox('user.registered', reg.body.id);
    assert.equal(registered.length, 1);
    assert.equal(registered[0]?.data.email, address);
  });

  it('requires a valid access token for /me', async () => {
    const none = await app.fetch('/api/identity/me');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('content-type'), 'application/problem+json');
    const bad = await app.fetch('/api/identity/me', { token: 'not-a-jwt' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.code, 'INVALID_TOKEN');
  });
});
