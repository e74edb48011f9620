import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { budget, eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { ticketingService } from '../src';
import { TicketingFixture } from './ticketing.fixture';

describe('MusicFest waitlist', () => {
  let app: TestApp;
  let f: TicketingFixture;

  before(async () => {
    // Payments answer after a second, so later buyers queue while the first is paying; the
    // line may hold 3 × capacity tickets.
    process.env.MUSICFEST_WAITLIST_FACTOR = '3';
    f = await TicketingFixture.withPayments({ sandboxWebhookDelayMs: 1000 });
    app = f.app;
  });
  after(async () => {
    delete process.env.MUSICFEST_WAITLIST_FACTOR;
    await app?.close();
  });

  it('promotes waiting purchases in line order when a payment is declined and when a buyer cancels', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 1, price: 5000 }]));
    const item = [{ ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 1 }];
    const [a, b, c] = [await f.user(), await f.user(), await f.user()];
    const first = await f.buy(a.token, event.eventId, item, 'pm_card_chargeDeclined');
    assert.equal(first.body.status, 'PENDING', first.text);
    const second = await f.buy(b.token, event.eventId, item);
    const third = await f.buy(c.token, event.eventId, item);
    assert.deepEqual([second.body.status, second.body.position], ['WAITLISTED', 1]);
    assert.deepEqual([third.body.status, third.body.position], ['WAITLISTED', 2]);

    const declined = await f.until(a.token, first.body.id, ['CANCELLED']);
    assert.match(declined.statusReason, /declined/);
    const promoted = await f.until(b.token, second.body.id, ['COMPLETED']);
    assert.equal(promoted.tickets.length, 1);
    const stillWaiting = (await f.get(c.token, third.body.id)).body;
    assert.equal(stillWaiting.status, 'WAITLISTED');
    assert.equal(stillWaiting.position, 1, 'C moved up to first in line');

    const cancelled = await f.cancel(b.token, second.body.id);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.status, 'CANCELLED');
    assert.equal(cancelled.body.refunded, 5000);
    assert.equal(cancelled.body.tickets[0].status, 'VALID', 'voiding is asynchronous');
    const thirdDone = await f.until(c.token, third.body.id, ['COMPLETED']);
    assert.equal(thirdDone.tickets.length, 1);
    await eventually(async () => (await f.get(b.token, second.body.id)).body.refundStatus === 'REFUNDED');
    const voided = (await f.get(b.token, second.body.id)).body.tickets;
    assert.equal(voided[0].status, 'VOID');
    const promotions = (await f.published('compra.promovida')).map((d) => d.purchaseId);
    assert.deepEqual(promotions, [second.body.id, third.body.id]);
    assert.deepEqual(await f.counts(item[0]?.ticketTypeId as string), {
      capacity: 1,
      reserved: 0,
      sold: 1,
      waitlisted: 0,
    });
  });

  it('lets a waiting buyer leave the line, and later buyers move up', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 1 }]));
    const item = [{ ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 1 }];
    const [a, b, c] = [await f.user(), await f.user(), await f.user()];
    await f.buy(a.token, event.eventId, item);
    const second = await f.buy(b.token, event.eventId, item);
    const third = await f.buy(c.token, event.eventId, item);
    assert.equal(third.body.position, 2);
    const left = await f.cancel(b.token, second.body.id);
    assert.equal(left.body.status, 'CANCELLED');
    assert.equal(left.body.statusReason, 'left the waitlist');
    assert.equal((await f.get(c.token, third.body.id)).body.position, 1);
    const again = await f.cancel(b.token, second.body.id);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'INVALID_STATE');
  });

  it('queues a basket of several types whole while one type is full, keeps later buyers behind it, and promotes it whole', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 1 }, { quantity: 5 }]));
    const [a, b] = event.ticketTypes.map((t) => t.ticketTypeId) as [string, string];
    const [x, y, z] = [await f.user(), await f.user(), await f.user()];
    const first = await f.buy(x.token, event.eventId, [{ ticketTypeId: a, quantity: 1 }], 'pm_card_chargeDeclined');
    assert.equal(first.body.status, 'PENDING', first.text);
    const basket = await f.buy(y.token, event.eventId, [
      { ticketTypeId: b, quantity: 2 },
      { ticketTypeId: a, quantity: 1 },
    ]);
    assert.deepEqual([basket.status, basket.body.status, basket.body.position], [202, 'WAITLISTED', 1], basket.text);
    assert.deepEqual(await f.counts(b), { capacity: 5, reserved: 0, sold: 0, waitlisted: 2 }, 'nothing half reserved');
    const later = await f.buy(z.token, event.eventId, [{ ticketTypeId: b, quantity: 1 }]);
    assert.deepEqual([later.body.status, later.body.position], ['WAITLISTED', 2], 'no jumping the basket on type b');

    await f.until(x.token, first.body.id, ['CANCELLED']);
    assert.equal((await f.until(y.token, basket.body.id, ['COMPLETED'])).tickets.length, 3);
    assert.equal((await f.until(z.token, later.body.id, ['COMPLETED'])).tickets.length, 1);
    const promotions = (await f.published('compra.promovida')).map((d) => d.purchaseId);
    assert.deepEqual(
      promotions.filter((id) => id === basket.body.id || id === later.body.id),
      [basket.body.id, later.body.id],
    );
    assert.deepEqual(await f.counts(a), { capacity: 1, reserved: 0, sold: 1, waitlisted: 0 });
    assert.deepEqual(await f.counts(b), { capacity: 5, reserved: 0, sold: 3, waitlisted: 0 });
  });

  it('streams the purchase as Server-Sent Events until it reaches a final status', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 5 }]));
    const buyer = await f.user();
    const res = await f.buy(buyer.token, event.eventId, [
      { ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 2 },
    ]);
    const stream = await fetch(`${app.url}/api/musicfest/purchases/${res.body.id}/stream`, {
      headers: { authorization: `Bearer ${buyer.token}` },
    });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.equal(stream.headers.get('x-accel-buffering'), 'no');
    const text = await stream.text();
    const views = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));
    assert.equal(views[0].status, 'PENDING');
    assert.equal(views.at(-1).status, 'COMPLETED');
    assert.equal(views.at(-1).tickets.length, 2);

    const stranger = await f.user();
    const denied = await fetch(`${app.url}/api/musicfest/purchases/${res.body.id}/stream`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    assert.equal(denied.status, 403);
    assert.match(denied.headers.get('content-type') ?? '', /problem\+json/);
  });
});

describe('MusicFest hold expiry', () => {
  let app: TestApp;
  let f: TicketingFixture;

  before(async () => {
    // Long enough (a machine budget) for the second buyer to queue behind the first's hold.
    process.env.MUSICFEST_HOLD_TIMEOUT_MS = String(budget(1_500));
    // No payments service: nobody answers, so every hold expires.
    app = await startTestApp({ services: [ticketingService] });
    f = new TicketingFixture(app);
  });
  after(async () => {
    delete process.env.MUSICFEST_HOLD_TIMEOUT_MS;
    await app?.close();
  });

  it('expires an unpaid hold and hands its seats to the first waiting purchase', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 2 }]));
    const item = [{ ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 2 }];
    const [a, b] = [await f.user(), await f.user()];
    const first = await f.buy(a.token, event.eventId, item);
    const second = await f.buy(b.token, event.eventId, item);
    assert.equal(second.body.status, 'WAITLISTED');
    assert.ok(second.body.estimatedWaitSeconds >= 1);
    const expired = await f.until(a.token, first.body.id, ['EXPIRED']);
    assert.match(expired.statusReason, /timed out/);
    const promoted = await f.until(b.token, second.body.id, ['PENDING', 'EXPIRED']);
    assert.ok(promoted.status === 'EXPIRED' || promoted.reservedUntil, 'promoted with a new hold');
    const cancelled = await f.published('compra.cancelada');
    const mine = cancelled.find((d) => d.purchaseId === first.body.id);
    assert.equal(mine?.status, 'EXPIRED');
    assert.equal(mine?.reason, 'payment_timeout');
    assert.deepEqual(
      (await f.published('compra.promovida')).map((d) => d.purchaseId),
      [second.body.id],
    );
  });
});
