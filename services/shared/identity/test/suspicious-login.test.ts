import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PASSWORD, useIdentityApp } from './access.fixtures';
import { published } from './outbox.reader';

const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1';

describe('identity suspicious sign-in', () => {
  const s = useIdentityApp();

  const from = (email: string, ua: string, country?: string) =>
    s.fx.login(email, PASSWORD, {}, { 'user-agent': ua, ...(country ? { 'x-client-country': country } : {}) });
  const suspicious = (userId: string) => published(s.fx.db, 'acceso-sospechoso.detectado', userId);

  it('stays quiet on the first sign-in and on known devices and countries', async () => {
    const account = await s.fx.instudioAccount();
    assert.equal((await from(account.email, LAPTOP, 'PE')).status, 200);
    assert.equal((await from(account.email, LAPTOP, 'pe')).status, 200);
    assert.equal((await from(account.email, LAPTOP)).status, 200);
    assert.deepEqual(await suspicious(account.userId), []);
  });

  it('reports a new device, then a new country, then both, with the device and country', async () => {
    const account = await s.fx.instudioAccount();
    await from(account.email, LAPTOP, 'PE');
    await from(account.email, PHONE, 'PE');
    await from(account.email, LAPTOP, 'ES');
    await from(account.email, 'curl/8.0', 'US');
    const events = await suspicious(account.userId);
    assert.deepEqual(
      events.map((e) => e.reasons),
      [['new_device'], ['new_country'], ['new_device', 'new_country']],
    );
    assert.equal(events[0].device, PHONE);
    assert.equal(events[0].country, 'PE');
    assert.equal(events[2].country, 'US');
    assert.equal(events[0].email, account.email);
    assert.equal(events[0].system, 'instudio');
  });

  it('checks MusicFest sign-ins after the second factor, and a remembered device is known', async () => {
    const account = await s.fx.musicfestAccount();
    const first = await s.fx.loginWith2fa(
      account,
      { rememberDevice: true, deviceName: 'Mara laptop' },
      {
        'user-agent': LAPTOP,
        'x-client-country': 'PE',
      },
    );
    assert.equal(first.status, 200);
    const again = await s.fx.login(
      account.email,
      PASSWORD,
      { deviceToken: first.body.deviceToken },
      {
        'user-agent': LAPTOP,
        'x-client-country': 'PE',
      },
    );
    assert.equal(typeof again.body.accessToken, 'string');
    assert.deepEqual(await suspicious(account.userId), []);
    const elsewhere = await s.fx.loginWith2fa(account, {}, { 'user-agent': PHONE, 'x-client-country': 'CL' });
    assert.equal(elsewhere.status, 200);
    const events = await suspicious(account.userId);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].reasons, ['new_device', 'new_country']);
    assert.equal(events[0].locale, 'en');
  });
});
