import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { identityService } from '../src';
import { AccessFixtures } from './access.fixtures';
import { published } from './outbox.reader';

describe('identity lockout per system', () => {
  let app: TestApp;
  let fx: AccessFixtures;
  before(async () => {
    app = await startTestApp({ services: [identityService] });
    fx = new AccessFixtures(app);
  });
  after(() => app.close());

  it('locks a MusicFest account after 3 failures for 15 minutes, refusing even the right password', async () => {
    const account = await fx.musicfestAccount();
    for (let i = 0; i < 3; i++) assert.equal((await fx.login(account.email, 'wrong password')).status, 401);
    const locked = await fx.login(account.email);
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, 'ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `retry-after ${retryAfter}`);
    assert.equal((await fx.login(account.email, 'wrong password')).status, 423);

    const events = await published(fx.db, 'user.locked', account.userId);
    assert.equal(events.length, 1, 'AccountLocked once per lock');
    assert.equal(events[0].failures, 3);
    assert.equal(events[0].system, 'musicfest');
  });

  it('locks an InStudio account only after 5 failures, with Retry-After up to 5 minutes', async () => {
    const account = await fx.instudioAccount();
    for (let i = 0; i < 5; i++) assert.equal((await fx.login(account.email, 'wrong password')).status, 401);
    const locked = await fx.login(account.email);
    assert.equal(locked.status, 423);
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 300, `retry-after ${retryAfter}`);
    assert.equal((await published(fx.db, 'user.locked', account.userId)).length, 1);
  });

  it('counts concurrent MusicFest failures exactly: 8 parallel wrong attempts give three 401 and five 423', async () => {
    const account = await fx.musicfestAccount();
    const results = await Promise.all(Array.from({ length: 8 }, () => fx.login(account.email, 'wrong password')));
    assert.deepEqual(results.map((r) => r.status).sort(), [401, 401, 401, 423, 423, 423, 423, 423]);
    assert.equal((await published(fx.db, 'user.locked', account.userId)).length, 1);
  });

  it('unlocks when the lock ends and locks again (a second AccountLocked) after new failures', async () => {
    const account = await fx.musicfestAccount();
    for (let i = 0; i < 3; i++) await fx.login(account.email, 'wrong password');
    await sql`UPDATE users SET locked_until = now() - interval '1 second',
        first_failure_at = first_failure_at - interval '16 minutes' WHERE id = ${account.userId}`.execute(fx.db);
    const after = await fx.login(account.email);
    assert.equal(after.status, 200);
    assert.equal(after.body.twoFactorRequired, true);
    for (let i = 0; i < 3; i++) assert.equal((await fx.login(account.email, 'wrong password')).status, 401);
    assert.equal((await fx.login(account.email)).status, 423);
    assert.equal((await published(fx.db, 'user.locked', account.userId)).length, 2);
  });
});
