import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually, type TestApp } from '@coordina/platform/testing';
import { TicketingFixture } from './ticketing.fixture';

const GROUP = 'musicfest-ticketing.issuer';

describe('MusicFest failed and hold registries on the purchase path', () => {
  let app: TestApp;
  let f: TicketingFixture;

  before(async () => {
    process.env.COORDINA_TEST_FAULTS = '1';
    f = await TicketingFixture.withPayments({ sandboxWebhookDelayMs: 300 });
    app = f.app;
  });
  after(async () => {
    delete process.env.COORDINA_TEST_FAULTS;
    await app?.close();
  });

  it('parks a failing issue, holds that purchase’s cancel while others complete, then drains it after a retry', async () => {
    const admin = await f.user(['platform_admin']);
    const event = await f.onSale(f.snapshot([{ quantity: 10, price: 8000 }]));
    const item = [{ ticketTypeId: event.ticketTypes[0]?.ticketTypeId as string, quantity: 2 }];
    const p = await f.user();
    const bought = await f.buy(p.token, event.eventId, item);
    assert.equal(bought.status, 202, bought.text);
    const pid = bought.body.id as string;
    const fault = await app.fetch('/api/musicfest/faults', {
      token: admin.token,
      json: { target: 'issuer', purchaseId: pid },
    });
    assert.equal(fault.status, 200, fault.text);

    // Other buyers are unaffected.
    const others = await Promise.all([f.user(), f.user()]);
    const theirs = await Promise.all(others.map((o) => f.buy(o.token, event.eventId, item)));
    for (const [i, o] of others.entries()) {
      assert.equal((await f.until(o.token, theirs[i]?.body.id, ['COMPLETED'])).tickets.length, 2);
    }

    // P is paid, its issue command parked in the failed registry.
    const failed = await eventually(async () => {
      const r = await app.fetch('/api/ops/failed?status=FAILED', { token: admin.token });
      return r.body.items.find((x: { group: string; key: string }) => x.group === GROUP && x.key === pid);
    }, 15_000);
    assert.equal(failed.topic, 'entradas.emitir');
    assert.match(failed.reason, /injected issuer fault/);
    const pending = (await f.get(p.token, pid)).body;
    assert.equal(pending.status, 'PENDING');
    assert.equal(pending.paymentStatus, 'AUTHORIZED');
    assert.equal(pending.tickets.length, 0);

    // P's cancel: the purchase ends at once, the void command waits behind the failed issue.
    const cancelled = await f.cancel(p.token, pid);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.status, 'CANCELLED');
    assert.equal(cancelled.body.refunded, 16000);
    const held = await eventually(async () => {
      const r = await app.fetch('/api/ops/held', { token: admin.token });
      return r.body.items.find((x: { group: string; key: string }) => x.group === GROUP && x.key === pid);
    }, 15_000);
    assert.equal(held.topic, 'entradas.anular');

    // Retrying with the fault still on fails again; cleared, the retry issues and the hold drains.
    const tooSoon = await app.fetch(`/api/ops/failed/${failed.id}/retry`, { method: 'POST', token: admin.token });
    assert.equal(tooSoon.status, 409);
    const cleared = await app.fetch(`/api/musicfest/faults/${pid}`, { method: 'DELETE', token: admin.token });
    assert.equal(cleared.status, 204);
    const retried = await app.fetch(`/api/ops/failed/${failed.id}/retry`, { method: 'POST', token: admin.token });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.status, 'RETRIED');
    const heldAfter = await app.fetch('/api/ops/held', { token: admin.token });
    assert.equal(heldAfter.body.items.filter((x: { key: string }) => x.key === pid).length, 0);

    const tickets = await sql<{ status: string }>`SELECT status FROM tickets WHERE purchase_id = ${pid}`.execute(
      f.ctx.db.db,
    );
    assert.equal(tickets.rows.length, 2, "P's tickets were issued by the retry");
    assert.ok(
      tickets.rows.every((t) => t.status === 'VOID'),
      'then voided by the held cancel',
    );
    const final = await eventually(async () => {
      const v = (await f.get(p.token, pid)).body;
      return v.refundStatus === 'REFUNDED' ? v : undefined;
    });
    assert.equal(final.status, 'CANCELLED');
    assert.deepEqual(await f.counts(item[0]?.ticketTypeId as string), {
      capacity: 10,
      reserved: 0,
      sold: 4,
      waitlisted: 0,
    });
    assert.equal(
      (await f.published('compra.completada')).filter((d) => d.purchaseId === pid).length,
      0,
      'P never completes',
    );
  });
});
