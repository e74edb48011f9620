import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import { TicketingFixture } from './ticketing.fixture';

const HOUR = 3_600_000;

describe('MusicFest purchase rules, views and event changes', () => {
  let f: TicketingFixture;

  before(async () => {
    f = await TicketingFixture.withPayments();
  });
  after(() => f?.app.close());

  it('prices a basket with the discount and the 3% commission', async () => {
    const event = await f.onSale(f.snapshot([{ name: 'VIP', quantity: 50, price: 20_000, discountPercent: 10 }]));
    const buyer = await f.user();
    const typeId = event.ticketTypes[0]?.ticketTypeId as string;
    const r = await f.app.fetch('/api/musicfest/purchases/summary', {
      token: buyer.token,
      json: { eventId: event.eventId, items: [{ ticketTypeId: typeId, quantity: 3 }] },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items[0], {
      ticketTypeId: typeId,
      ticketTypeName: 'VIP',
      quantity: 3,
      unitPrice: 20_000,
      discountPercent: 10,
      finalPrice: 18_000,
      subtotal: 54_000,
      commission: 1620,
    });
    assert.equal(r.body.total, 54_000);
    assert.equal(r.body.commission, 1620);
    assert.equal(r.body.seatsAvailableNow, true);
    assert.equal((await f.published('cesta.resumida')).length, 1);
  });

  it('refuses more than 6 tickets of a type per purchase and more than 12 per person per event, giving quota back on cancel', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 100 }, { quantity: 100 }, { quantity: 100 }]));
    const [t1, t2, t3] = event.ticketTypes.map((t) => t.ticketTypeId) as [string, string, string];
    const buyer = await f.user();
    const tooMany = await f.buy(buyer.token, event.eventId, [{ ticketTypeId: t1, quantity: 7 }]);
    assert.equal(tooMany.status, 422);
    assert.equal(tooMany.body.code, 'PURCHASE_LIMIT_EXCEEDED');
    assert.equal(tooMany.body.errors[0].field, 'body.items.0.quantity');
    const a = await f.buy(buyer.token, event.eventId, [
      { ticketTypeId: t1, quantity: 6 },
      { ticketTypeId: t2, quantity: 6 },
    ]);
    assert.equal(a.status, 202, a.text);
    const over = await f.buy(buyer.token, event.eventId, [{ ticketTypeId: t3, quantity: 1 }]);
    assert.equal(over.status, 422);
    assert.equal(over.body.code, 'PURCHASE_LIMIT_EXCEEDED');
    assert.match(over.body.detail, /12 tickets per person/);
    await f.until(buyer.token, a.body.id, ['COMPLETED']);
    assert.equal((await f.cancel(buyer.token, a.body.id)).body.status, 'CANCELLED');
    const again = await f.buy(buyer.token, event.eventId, [{ ticketTypeId: t3, quantity: 6 }]);
    assert.equal(again.status, 202, 'the cancelled purchase gave its quota back');
  });

  it('answers the same purchase for a repeated Idempotency-Key', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 10 }]));
    const buyer = await f.user();
    const item = [{ ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 1 }];
    const key = randomUUID();
    const first = await f.buy(buyer.token, event.eventId, item, 'pm_card_visa', { 'idempotency-key': key });
    const second = await f.buy(buyer.token, event.eventId, item, 'pm_card_visa', { 'idempotency-key': key });
    assert.equal(first.status, 202);
    assert.equal(second.body.id, first.body.id);
    assert.equal((await f.counts(item[0]?.ticketTypeId as string))?.reserved, 1);
  });

  it('answers the earlier purchase for a repeated Idempotency-Key even after sales closed', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 10 }, { quantity: 10 }]));
    const [t1, t2] = event.ticketTypes.map((t) => t.ticketTypeId) as [string, string];
    const buyer = await f.user();
    const baskets = [
      [{ ticketTypeId: t1, quantity: 1 }],
      [
        { ticketTypeId: t1, quantity: 1 },
        { ticketTypeId: t2, quantity: 1 },
      ],
    ];
    const keys = [randomUUID(), randomUUID()];
    const first = await Promise.all(
      baskets.map((b, i) =>
        f.buy(buyer.token, event.eventId, b, 'pm_card_visa', { 'idempotency-key': keys[i] as string }),
      ),
    );
    for (const r of first) assert.equal(r.status, 202, r.text);
    await f.cancelEvent(event);
    for (const r of first) await f.until(buyer.token, r.body.id, ['CANCELLED']);
    for (const [i, b] of baskets.entries()) {
      const again = await f.buy(buyer.token, event.eventId, b, 'pm_card_visa', {
        'idempotency-key': keys[i] as string,
      });
      assert.equal(again.status, 202, again.text);
      assert.equal(again.body.id, first[i]?.body.id);
    }
    const fresh = await f.buy(buyer.token, event.eventId, baskets[0] ?? []);
    assert.equal(fresh.status, 409, 'without the key it is a new purchase, refused');
    assert.equal(fresh.body.code, 'SALES_CLOSED');
  });

  it('answers bad input and closed sales with a problem naming the field or the reason, never a 500', async () => {
    const now = Date.now();
    const event = await f.onSale(
      f.snapshot([{ quantity: 5 }, { quantity: 5, salesStartAt: new Date(now + HOUR).toISOString() }]),
    );
    const [open, later] = event.ticketTypes.map((t) => t.ticketTypeId) as [string, string];
    const buyer = await f.user();
    const post = (json: unknown) => f.app.fetch('/api/musicfest/purchases', { token: buyer.token, json });
    const valid = {
      eventId: event.eventId,
      items: [{ ticketTypeId: open, quantity: 1 }],
      paymentMethod: 'pm_card_visa',
    };
    const cases: [unknown, number, string, string?][] = [
      [{ ...valid, eventId: undefined }, 400, 'VALIDATION_FAILED', 'body.eventId'],
      [{ ...valid, eventId: 'nope' }, 400, 'VALIDATION_FAILED', 'body.eventId'],
      [{ ...valid, items: [] }, 400, 'VALIDATION_FAILED', 'body.items'],
      [{ ...valid, items: [{ ticketTypeId: open, quantity: 0 }] }, 400, 'VALIDATION_FAILED', 'body.items.0.quantity'],
      [{ ...valid, paymentMethod: '' }, 400, 'VALIDATION_FAILED', 'body.paymentMethod'],
      [{ ...valid, eventId: randomUUID() }, 404, 'NOT_FOUND'],
      [{ ...valid, items: [{ ticketTypeId: randomUUID(), quantity: 1 }] }, 404, 'NOT_FOUND'],
      [{ ...valid, items: [{ ticketTypeId: later, quantity: 1 }] }, 409, 'SALES_CLOSED'],
    ];
    for (const [json, status, code, field] of cases) {
      const r = await post(json);
      assert.equal(r.status, status, `${JSON.stringify(json)} → ${r.text}`);
      assert.match(r.headers.get('content-type') ?? '', /problem\+json/);
      assert.equal(r.body.code, code);
      if (field)
        assert.ok(
          r.body.errors.some((e: { field: string }) => e.field === field),
          r.text,
        );
    }
    const anonymous = await f.app.fetch('/api/musicfest/purchases', { json: valid });
    assert.equal(anonymous.status, 401);
    const faults = await f.app.fetch('/api/musicfest/faults', {
      token: (await f.user(['platform_admin'])).token,
      json: { target: 'issuer', purchaseId: randomUUID() },
    });
    assert.equal(faults.status, 404, 'the fault switch does not exist outside tests');
    assert.equal(faults.body.code, 'ROUTE_NOT_FOUND');
  });

  it('serves the QR of a ticket to its owner, the history, and the dashboard to the event manager only', async () => {
    const manager = await f.user(['manager']);
    const event = await f.onSale(f.snapshot([{ quantity: 10, price: 10_000 }], { managerId: manager.id }));
    const buyer = await f.user();
    const res = await f.buy(buyer.token, event.eventId, [
      { ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 2 },
    ]);
    const done = await f.until(buyer.token, res.body.id, ['COMPLETED']);
    const qr = await fetch(`${f.app.url}${done.tickets[0].qrUrl}`, {
      headers: { authorization: `Bearer ${buyer.token}` },
    });
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('content-type'), 'image/png');
    const png = Buffer.from(await qr.arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const stranger = await f.user();
    assert.equal((await f.app.fetch(done.tickets[0].qrUrl, { token: stranger.token })).status, 403);

    const history = await f.app.fetch('/api/musicfest/purchases?pageSize=5', { token: buyer.token });
    assert.equal(history.body.total, 1);
    assert.equal(history.body.items[0].tickets.length, 2);

    const board = await f.app.fetch(`/api/musicfest/events/${event.eventId}/dashboard`, { token: manager.token });
    assert.equal(board.status, 200, board.text);
    assert.equal(board.body.ticketTypes[0].sold, 2);
    assert.equal(board.body.ticketTypes[0].seatsLeft, 8);
    assert.equal(board.body.totals.collected, 20_000);
    assert.equal(board.body.totals.commission, 600);
    assert.equal(board.body.salesOverTime[0].tickets, 2);
    const other = await f.user(['manager']);
    assert.equal(
      (await f.app.fetch(`/api/musicfest/events/${event.eventId}/dashboard`, { token: other.token })).status,
      403,
    );
    assert.equal(
      (await f.app.fetch(`/api/musicfest/events/${event.eventId}/dashboard`, { token: buyer.token })).status,
      403,
    );
  });

  it('tells holders about an edit, clamps a lowered capacity, and refunds everyone when the event is cancelled', async () => {
    const event = await f.onSale(f.snapshot([{ quantity: 3 }]));
    const typeId = event.ticketTypes[0]?.ticketTypeId as string;
    const [a, b] = [await f.user(), await f.user()];
    const bought = await f.buy(a.token, event.eventId, [{ ticketTypeId: typeId, quantity: 3 }]);
    await f.until(a.token, bought.body.id, ['COMPLETED']);
    const waiting = await f.buy(b.token, event.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    assert.equal(waiting.body.status, 'WAITLISTED');

    const edited = f.snapshot([{ quantity: 1, ticketTypeId: typeId }], {
      eventId: event.eventId,
      managerId: event.managerId,
      revision: 2,
      change: 'updated',
      changedFields: ['place'],
      place: 'Arena Callao',
    });
    await f.onSale(edited);
    const notices = await eventually(async () => {
      const n = (await f.published('titular.avisado')).filter((d) => d.purchaseId === bought.body.id);
      return n.length > 0 ? n : undefined;
    });
    assert.equal(notices[0]?.kind, 'changed');
    assert.equal(notices[0]?.place, 'Arena Callao');
    assert.equal((await f.counts(typeId))?.capacity, 3, 'clamped to what is sold');

    await f.cancelEvent(event);
    const refunded = await f.until(a.token, bought.body.id, ['CANCELLED']);
    assert.equal(refunded.refunded, refunded.total);
    assert.equal(
      (await f.until(b.token, waiting.body.id, ['CANCELLED'])).statusReason,
      'the event was cancelled: weather',
    );
    await eventually(async () =>
      (await f.get(a.token, bought.body.id)).body.tickets.every((t: { status: string }) => t.status === 'VOID'),
    );
    const closed = await f.buy(b.token, event.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    assert.equal(closed.status, 409);
    assert.equal(closed.body.code, 'SALES_CLOSED');
    const cancelNotices = (await f.published('titular.avisado')).filter((d) => d.kind === 'cancelled');
    assert.equal(cancelNotices.length, 1);
  });
});
