import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { type TestApp } from '@coordina/platform/testing';
import { PASSWORD, useIdentityApp } from './access.fixtures';
import { published } from './outbox.reader';

describe('identity lockout per system', () => {
  const s = useIdentityApp();

  /** Three failures lock a MusicFest account (from here); then the lock and its window end. */
  async function lockThenEnd(email: string): Promise<void> {
    for (let i = 0; i < 3; i++) await s.fx.login(email, 'wrong password');
    await sql`UPDATE login_failures SET locked_until = now() - interval '1 second',
        first_failure_at = first_failure_at - interval '16 minutes' WHERE account_key = ${email}`.execute(s.fx.db);
  }

  it('locks a MusicFest account after 3 failures for 15 minutes, refusing even the right password', async () => {
    const account = await s.fx.musicfestAccount();
    for (let i = 0; i < 3; i++) assert.equal((await s.fx.login(account.email, 'wrong password')).status, 401);
    const locked = await s.fx.login(account.email);
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, 'ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `retry-after ${retryAfter}`);
    assert.equal((await s.fx.login(account.email, 'wrong password')).status, 423);

    const events = await published(s.fx.db, 'cuenta.bloqueada', account.userId);
    assert.equal(events.length, 1, 'CuentaBloqueada once per lock');
    assert.equal(events[0].failures, 3);
    assert.equal(events[0].system, 'musicfest');
  });

  it('locks an InStudio account only after 5 failures, with Retry-After up to 5 minutes', async () => {
    const account = await s.fx.instudioAccount();
    for (let i = 0; i < 5; i++) assert.equal((await s.fx.login(account.email, 'wrong password')).status, 401);
    const locked = await s.fx.login(account.email);
    assert.equal(locked.status, 423);
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 300, `retry-after ${retryAfter}`);
    assert.equal((await published(s.fx.db, 'cuenta.bloqueada', account.userId)).length, 1);
  });

  it('counts concurrent MusicFest failures exactly: 8 parallel wrong attempts give three 401 and five 423', async () => {
    const account = await s.fx.musicfestAccount();
    const results = await Promise.all(Array.from({ length: 8 }, () => s.fx.login(account.email, 'wrong password')));
    assert.deepEqual(results.map((r) => r.status).sort(), [401, 401, 401, 423, 423, 423, 423, 423]);
    assert.equal((await published(s.fx.db, 'cuenta.bloqueada', account.userId)).length, 1);
  });

  it('unlocks when the lock ends and locks again (a second CuentaBloqueada) after new failures', async () => {
    const account = await s.fx.musicfestAccount();
    await lockThenEnd(account.email);
    const after = await s.fx.login(account.email);
    assert.equal(after.status, 200);
    assert.equal(after.body.twoFactorRequired, true);
    for (let i = 0; i < 3; i++) assert.equal((await s.fx.login(account.email, 'wrong password')).status, 401);
    const again = await s.fx.login(account.email);
    assert.equal(again.status, 423);
    const retryAfter = Number(again.headers.get('retry-after'));
    assert.ok(retryAfter <= 15 * 60, `a sign-in in between resets the progression: ${retryAfter}`);
    assert.equal((await published(s.fx.db, 'cuenta.bloqueada', account.userId)).length, 2);
  });

  it('doubles the lock of a source that keeps failing (progressive delay)', async () => {
    const account = await s.fx.musicfestAccount();
    await lockThenEnd(account.email);
    for (let i = 0; i < 2; i++) assert.equal((await s.fx.login(account.email, 'wrong password')).status, 401);
    assert.equal((await s.fx.login(account.email, 'wrong password')).status, 401, 'the attempt that locks');
    const again = await s.fx.login(account.email);
    assert.equal(again.status, 423);
    const retryAfter = Number(again.headers.get('retry-after'));
    assert.ok(retryAfter > 29 * 60 && retryAfter <= 30 * 60, `a second lock lasts twice as long: ${retryAfter}`);
  });

  it('locks only the source that failed: the owner signs in from another address (issue 12, item 5)', async () => {
    const account = await s.fx.musicfestAccount();
    for (let i = 0; i < 3; i++) assert.equal((await loginFrom(s.app, '127.0.0.2', account.email, 'wrong')).status, 401);
    assert.equal((await loginFrom(s.app, '127.0.0.2', account.email, PASSWORD)).status, 423, 'the attacker is locked');
    const owner = await s.fx.login(account.email);
    assert.equal(owner.status, 200, owner.text);
    assert.equal(owner.body.twoFactorRequired, true);
  });

  it('answers an unknown email exactly like an account: 401, then 423 with Retry-After, publishing nothing', async () => {
    const ghost = `ghost-${randomUUID().slice(0, 8)}@example.test`;
    const statuses: number[] = [];
    let last = await s.fx.login(ghost, 'wrong');
    for (let i = 0; i < 6 && last.status === 401; i++) {
      statuses.push(last.status);
      last = await s.fx.login(ghost, 'wrong');
    }
    assert.ok(statuses.length === 3 || statuses.length === 5, `locked after ${statuses.length} failures`);
    assert.equal(last.status, 423, last.text);
    assert.equal(last.body.code, 'ACCOUNT_LOCKED');
    assert.ok(Number(last.headers.get('retry-after')) > 0);
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE event::text LIKE ${`%${ghost}%`}`.execute(s.fx.db);
    assert.equal(events.rows[0]?.n, 0);
  });

  it('lets the owner in from a remembered device while the account is locked', async () => {
    const account = await s.fx.musicfestAccount();
    const remembered = await s.fx.loginWith2fa(account, { rememberDevice: true });
    assert.equal(remembered.status, 200, remembered.text);
    for (let i = 0; i < 3; i++) await s.fx.login(account.email, 'wrong password');
    assert.equal((await s.fx.login(account.email)).status, 423);
    const res = await s.fx.login(account.email, PASSWORD, { deviceToken: remembered.body.deviceToken });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.accessToken);
  });
});

/** A sign-in sent from another local address (127.0.0.2): the server sees another client IP. */
function loginFrom(app: TestApp, ip: string, email: string, password: string): Promise<{ status: number }> {
  const url = new URL('/api/identity/login', app.url);
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', localAddress: ip, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
