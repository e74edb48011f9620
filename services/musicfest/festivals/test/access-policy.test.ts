import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { paymentsService } from '@coordina/payments';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { festivalsService } from '../src';
import { EventsFixture } from './events.fixture';

/** Issue 12 item 6: the managers' panel asks for MusicFest's access policy; the catalog stays public. */
describe("MusicFest events: the managers' panel requires MusicFest's access policy", () => {
  let app: TestApp;
  let f: EventsFixture;

  before(async () => {
    app = await startTestApp({ services: [festivalsService, paymentsService] });
    f = new EventsFixture(app);
  });
  after(() => app?.close());

  it('answers 403 STEP_UP_REQUIRED to a manager signed in with a password only; the catalog answers anyone', async () => {
    const id = randomUUID();
    const passwordOnly = await f.user(['manager'], id, { amr: ['pwd'], emailVerified: true });
    const attempts = {
      create: f.create(passwordOnly.token, f.body()),
      mine: app.fetch('/api/musicfest/manager/events', { token: passwordOnly.token }),
      edit: app.fetch(`/api/musicfest/events/${randomUUID()}`, {
        token: passwordOnly.token,
        method: 'PATCH',
        json: { name: 'Renamed' },
      }),
      cancel: app.fetch(`/api/musicfest/events/${randomUUID()}`, { token: passwordOnly.token, method: 'DELETE' }),
    };
    for (const [what, pending] of Object.entries(attempts)) {
      const res = await pending;
      assert.equal(res.status, 403, `${what}: ${res.text}`);
      assert.equal(res.body.code, 'STEP_UP_REQUIRED', what);
    }
    assert.equal((await app.fetch('/api/musicfest/events')).status, 200, 'the catalog is public');

    const stepped = await f.user(['manager'], id);
    assert.equal((await app.fetch('/api/musicfest/manager/events', { token: stepped.token })).status, 200);
    const created = await f.create(stepped.token, f.body());
    assert.equal(created.status, 202, created.text);
  });
});
