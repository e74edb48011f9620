import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually, type TestApp } from '@coordina/platform/testing';
import { TicketingFixture } from './ticketing.fixture';

const SEATS = 100;
const BUYERS = 300;
const PRICE = 15_000;

describe('MusicFest ticket rush', () => {
  let app: TestApp;
  let f: TicketingFixture;

  before(async () => {
    f = await TicketingFixture.withPayments({ rateLimit: { perUserPerMinute: 100_000, perIpPerMinute: 100_000 } });
    app = f.app;
  });
  after(() => app?.close());

  it('sells exactly 100 seats to 300 concurrent buyers: no oversell, no duplicate code, payments match tickets', async () => {
    const event = await f.onSale(f.snapshot([{ name: 'General', quantity: SEATS, price: PRICE }]));
    const typeId = event.ticketTypes[0]?.ticketTypeId as string;
    const buyers = await Promise.all(Array.from({ length: BUYERS }, () => f.user()));
    const answers = await Promise.all(
      buyers.map((b) => f.buy(b.token, event.eventId, [{ ticketTypeId: typeId, quantity: 1 }])),
    );

    const byStatus = (s: string) => answers.filter((a) => a.status === 202 && a.body.status === s);
    const refused = answers.filter((a) => a.status !== 202);
    assert.equal(byStatus('PENDING').length, SEATS, 'the first 100 get their seat reserved at once');
    assert.equal(byStatus('WAITLISTED').length, SEATS, 'the waitlist holds 1 × capacity');
    for (const r of refused) {
      assert.equal(r.status, 409, r.text);
      assert.equal(r.body.code, 'SOLD_OUT');
      assert.match(r.body.detail, /waitlist is full/);
    }
    assert.equal(refused.length, BUYERS - 2 * SEATS);
    const positions = byStatus('WAITLISTED')
      .map((a) => a.body.position as number)
      .sort((a, b) => a - b);
    assert.deepEqual(
      positions,
      Array.from({ length: SEATS }, (_, i) => i + 1),
      'positions 1..100, each once',
    );
    assert.ok(byStatus('WAITLISTED').every((a) => a.body.estimatedWaitSeconds > 0));

    // Every reserved purchase completes with its ticket.
    const pending = answers.flatMap((a, i) => (a.status === 202 && a.body.status === 'PENDING' ? [i] : []));
    await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM purchases WHERE status = 'COMPLETED'`.execute(
        f.ctx.db.db,
      );
      return r.rows[0]?.n === SEATS;
    }, 60_000);
    const first = pending[0] as number;
    const view = (await f.get(buyers[first]?.token as string, answers[first]?.body.id)).body;
    assert.equal(view.status, 'COMPLETED');
    assert.equal(view.tickets.length, 1);
    assert.match(view.tickets[0].code, /^[A-Z2-7]{12}$/);

    const tickets = await sql<{ code: string }>`SELECT code FROM tickets WHERE status = 'VALID'`.execute(f.ctx.db.db);
    assert.equal(tickets.rows.length, SEATS, 'exactly 100 tickets issued');
    assert.equal(new Set(tickets.rows.map((t) => t.code)).size, SEATS, 'no duplicate codes');
    assert.deepEqual(await f.counts(typeId), { capacity: SEATS, reserved: 0, sold: SEATS, waitlisted: SEATS });

    const payments = app.contexts.get('payments');
    assert.ok(payments);
    const paid = await sql<{
      n: number;
      amount: number;
    }>`SELECT count(*)::int AS n, coalesce(sum(amount), 0)::int AS amount
      FROM payments WHERE status = 'AUTHORIZED' AND reference LIKE 'musicfest:%'`.execute(payments.db.db);
    assert.equal(paid.rows[0]?.n, SEATS, 'one authorized payment per ticket sold');
    assert.equal(paid.rows[0]?.amount, SEATS * PRICE, 'payments add up to the tickets sold');
    assert.equal((await f.published('entradas.agotadas')).length, 1, 'the manager hears of the sell-out once');
  });

  it('keeps the counts true when buyers cancel while their sales complete', async () => {
    const seats = 60;
    const event = await f.onSale(f.snapshot([{ name: 'General', quantity: seats, price: PRICE }]));
    const typeId = event.ticketTypes[0]?.ticketTypeId as string;
    const buyers = await Promise.all(Array.from({ length: seats }, () => f.user()));
    const bought = await Promise.all(
      buyers.map((b) => f.buy(b.token, event.eventId, [{ ticketTypeId: typeId, quantity: 1 }])),
    );
    for (const a of bought) assert.equal(a.body.status, 'PENDING', a.text);
    // Cancels land before, during and after each sale's completion.
    const cancels = await Promise.all(
      buyers.map(async (b, i) => {
        await new Promise((r) => setTimeout(r, i * 25));
        return f.cancel(b.token, bought[i]?.body.id);
      }),
    );
    for (const c of cancels) {
      assert.equal(c.status, 200, c.text);
      assert.equal(c.body.status, 'CANCELLED');
    }
    const ended = await Promise.all(buyers.map((b, i) => f.until(b.token, bought[i]?.body.id, ['CANCELLED'])));
    assert.equal(ended.length, seats);
    await eventually(async () => {
      const c = await f.counts(typeId);
      return c?.reserved === 0 && c.sold === 0 ? c : undefined;
    }, 15_000);
    assert.deepEqual(await f.counts(typeId), { capacity: seats, reserved: 0, sold: 0, waitlisted: 0 });
  });

  it('leaves no live purchase behind when the event is cancelled in the middle of a rush', async () => {
    const event = await f.onSale(f.snapshot([{ name: 'General', quantity: 50, price: PRICE }]));
    const typeId = event.ticketTypes[0]?.ticketTypeId as string;
    const buyers = await Promise.all(Array.from({ length: 150 }, () => f.user()));
    const buy = (b: { token: string }) => f.buy(b.token, event.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    const count = async (statuses: string[]) =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM purchases
          WHERE event_id = ${event.eventId} AND status = ANY(${statuses})`.execute(f.ctx.db.db)
      ).rows[0]?.n ?? 0;
    // The first wave arrives spread out; once some of it has landed, the event is cancelled while
    // the rest is still arriving and the landed purchases are paying.
    const early = Promise.all(
      buyers.slice(0, 100).map(async (b, i) => {
        await new Promise((r) => setTimeout(r, i * 5));
        return buy(b);
      }),
    );
    await eventually(async () => (await count(['WAITLISTED', 'PENDING', 'COMPLETED'])) > 0);
    await f.cancelEvent(event);
    await eventually(async () => {
      const r = await sql<{ status: string }>`SELECT status FROM events WHERE id = ${event.eventId}`.execute(
        f.ctx.db.db,
      );
      return r.rows[0]?.status === 'CANCELLED';
    });
    // Buyers arriving after the cancellation was applied are all refused.
    const late = await Promise.all(buyers.slice(100).map(buy));
    const landed = await early;
    for (const a of late) {
      assert.equal(a.status, 409, a.text);
      assert.equal(a.body?.code, 'SALES_CLOSED', a.text);
    }
    for (const a of landed) {
      if (a.status !== 202) assert.match(a.body.code, /^(SALES_CLOSED|SOLD_OUT)$/, a.text);
    }
    const live = () => count(['WAITLISTED', 'PENDING', 'COMPLETED']);
    try {
      await eventually(async () => (await live()) === 0, 30_000);
    } catch (err) {
      // Name what stayed live, for the next one to diagnose.
      const left = await sql<Record<string, unknown>>`SELECT id, status, payment_status, refund_status, created_at,
          updated_at, (SELECT updated_at FROM events WHERE id = ${event.eventId}) AS event_cancelled_at
        FROM purchases WHERE event_id = ${event.eventId} AND status IN ('WAITLISTED', 'PENDING', 'COMPLETED')`.execute(
        f.ctx.db.db,
      );
      throw new Error(`${String(err)}; still live: ${JSON.stringify(left.rows)}`);
    }
    assert.deepEqual(await f.counts(typeId), { capacity: 50, reserved: 0, sold: 0, waitlisted: 0 });
    const after = await buy(buyers[0] as { token: string });
    assert.equal(after.status, 409, after.text);
    assert.equal(after.body.code, 'SALES_CLOSED');
  });
});
