import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TicketingFixture } from './ticketing.fixture';

/**
 * Issue 12 item 6: an account signed in without MusicFest's policy (an InStudio account: no
 * verified email, no second factor) cannot buy, cancel or see a dashboard until it steps up.
 */
describe("MusicFest ticketing requires MusicFest's access policy", () => {
  let f: TicketingFixture;

  before(async () => {
    f = await TicketingFixture.withPayments();
  });
  after(() => f?.app.close());

  function assertStepUp(res: { status: number; headers: Headers; body: { code?: string } }, what: string): void {
    assert.equal(res.status, 403, what);
    assert.equal(res.headers.get('content-type'), 'application/problem+json', what);
    assert.equal(res.body.code, 'STEP_UP_REQUIRED', what);
  }

  it('answers 403 STEP_UP_REQUIRED to buying, cancelling and the dashboard; the same user signed in the MusicFest way may', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 10 }]));
    const items = [{ ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 1 }];
    const fan = await f.user();
    const passwordOnly = await f.user(['client'], fan.id, { amr: ['pwd'], emailVerified: false });
    const unverified = await f.user(['client'], fan.id, { amr: ['pwd', 'otp'], emailVerified: false });
    const noSecondFactor = await f.user(['client'], fan.id, { amr: ['pwd'], emailVerified: true });
    for (const [what, who] of Object.entries({ passwordOnly, unverified, noSecondFactor })) {
      assertStepUp(await f.buy(who.token, event.eventId, items), `buy: ${what}`);
    }
    assert.equal((await f.published('compra.creada')).length, 0, 'no purchase started');

    const bought = await f.buy(fan.token, event.eventId, items);
    assert.equal(bought.status, 202, bought.text);
    assertStepUp(await f.cancel(passwordOnly.token, bought.body.id), 'cancel');
    // Reading one's own purchases and pricing a basket need no step-up.
    assert.equal((await f.get(passwordOnly.token, bought.body.id)).status, 200);
    const summary = await f.app.fetch('/api/musicfest/purchases/summary', {
      token: passwordOnly.token,
      json: { eventId: event.eventId, items },
    });
    assert.equal(summary.status, 200, summary.text);
    assert.equal((await f.cancel(fan.token, bought.body.id)).status, 200);

    const manager = await f.user(['manager'], event.managerId, { amr: ['pwd'], emailVerified: true });
    assertStepUp(
      await f.app.fetch(`/api/musicfest/events/${event.eventId}/dashboard`, { token: manager.token }),
      'dashboard',
    );
    const stepped = await f.user(['manager'], event.managerId);
    const board = await f.app.fetch(`/api/musicfest/events/${event.eventId}/dashboard`, { token: stepped.token });
    assert.equal(board.status, 200, board.text);
  });
});
