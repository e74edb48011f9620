import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DisponibilidadActualizada } from '@coordina/musicfest-ticketing/contracts';
import { eventually, type TestApp } from '@coordina/platform/testing';
import { EventsFixture, type TestUser } from './events.fixture';

describe('MusicFest events: the hosting fee, edits, cancellation and who may do what', () => {
  let app: TestApp;
  let f: EventsFixture;
  let manager: TestUser;

  before(async () => {
    f = await EventsFixture.withPayments();
    app = f.app;
    manager = await f.user(['manager']);
  });
  after(() => app?.close());

  it('charges the hosting fee of its size, then publishes the event with its seats in the catalog', async () => {
    const body = f.body({ name: `Fee ${randomUUID().slice(0, 8)}` });
    const res = await f.create(manager.token, body);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.status, 'PENDING_FEE');
    assert.equal(res.body.hostingFee, 30_000, 'a small event pays S/ 300');
    const view = await f.settled(manager.token, res.body.id);
    assert.equal(view.status, 'PUBLISHED');
    assert.equal(view.revision, 1);
    assert.equal(view.seatsLeft, 200);
    assert.equal(view.commissionPercent, 3);
    const vip = view.ticketTypes.find((t: { name: string }) => t.name === 'VIP');
    assert.deepEqual([vip.price, vip.discountPercent, vip.finalPrice, vip.commission], [25_000, 10, 22_500, 675]);
    const out = await f.outbox(res.body.id);
    const charge = (await f.paymentCommands(res.body.id)).find((e) => e.topic === 'pago.solicitar');
    assert.ok(charge, 'the fee was asked of payments');
    assert.equal(charge.data.amount, 30_000);
    assert.equal(charge.data.userId, manager.id);
    assert.equal(charge.data.sagaId, res.body.id);
    const published = out.find((e) => e.topic === 'evento.publicado');
    assert.ok(published);
    assert.equal(published.data.change, 'published');
    assert.equal(published.data.revision, 1);
    assert.equal((published.data.ticketTypes as unknown[]).length, 2);
    const listed = await f.app.fetch(`/api/musicfest/events?q=${encodeURIComponent(String(body.name))}`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.total, 1);
    assert.equal(listed.body.items[0].seatsLeft, 200);
    assert.equal(listed.body.items[0].minPrice, 10_000);
  });

  it('marks the event FEE_DECLINED on a declined card, and only its manager sees it', async () => {
    const name = `Declined ${randomUUID().slice(0, 8)}`;
    const res = await f.create(manager.token, f.body({ name, paymentMethod: 'pm_card_chargeDeclined' }));
    assert.equal(res.status, 202, res.text);
    const view = await f.settled(manager.token, res.body.id);
    assert.equal(view.status, 'FEE_DECLINED');
    assert.equal((await f.get(res.body.id)).status, 404, 'hidden from the public');
    const client = await f.user(['client']);
    assert.equal((await f.get(res.body.id, client.token)).status, 404);
    const listed = await f.app.fetch(`/api/musicfest/events?q=${encodeURIComponent(name)}`);
    assert.equal(listed.body.total, 0);
    assert.equal((await f.outbox(res.body.id)).filter((e) => e.topic === 'evento.publicado').length, 0);
    const mine = await f.app.fetch('/api/musicfest/manager/events?status=FEE_DECLINED', { token: manager.token });
    assert.ok(mine.body.items.some((e: { id: string }) => e.id === res.body.id));
  });

  it('publishes EventoPublicado with the changed fields and a new revision on an edit', async () => {
    const event = await f.published(manager);
    const general = event.ticketTypes.find((t: { name: string }) => t.name === 'General');
    const res = await f.app.fetch(`/api/musicfest/events/${event.id}`, {
      method: 'PATCH',
      token: manager.token,
      json: {
        place: 'Estadio San Marcos, Lima',
        startsAt: f.at(31),
        ticketTypes: [
          { id: general.id, quantity: 180, discountPercent: 5 },
          { name: 'Platea', price: 18_000, quantity: 20, salesStartAt: f.at(-1), salesEndAt: f.at(29) },
        ],
      },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.revision, 2);
    assert.equal(res.body.place, 'Estadio San Marcos, Lima');
    assert.equal(res.body.ticketTypes.length, 3);
    const edited = res.body.ticketTypes.find((t: { id: string }) => t.id === general.id);
    assert.deepEqual([edited.quantity, edited.seatsLeft, edited.finalPrice, edited.commission], [180, 180, 9_500, 285]);
    const update = await eventually(async () =>
      (await f.outbox(event.id)).find((e) => e.topic === 'evento.publicado' && e.data.change === 'updated'),
    );
    assert.equal(update.data.revision, 2);
    assert.deepEqual(
      [...(update.data.changedFields as string[])].sort(),
      ['place', 'purchaseDeadline', 'startsAt', 'ticketTypes'],
      'the default deadline moves with the start',
    );
    assert.equal((update.data.ticketTypes as unknown[]).length, 3);
  });

  it('refuses a quantity below the tickets already taken with 409', async () => {
    const event = await f.published(manager);
    const vip = event.ticketTypes.find((t: { name: string }) => t.name === 'VIP');
    await f.publish(DisponibilidadActualizada, {
      eventId: event.id,
      ticketTypeId: vip.id,
      seatsLeft: 10,
      sold: 40,
      waitlisted: 0,
      sequence: 1,
      at: new Date().toISOString(),
    });
    await eventually(
      async () =>
        (await f.get(event.id)).body.ticketTypes.find((t: { id: string }) => t.id === vip.id)?.seatsLeft === 10,
    );
    const patch = (quantity: number) =>
      f.app.fetch(`/api/musicfest/events/${event.id}`, {
        method: 'PATCH',
        token: manager.token,
        json: { ticketTypes: [{ id: vip.id, quantity }] },
      });
    const refused = await patch(39);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.code, 'CONFLICT');
    assert.match(refused.body.detail, /quantity/);
    const accepted = await patch(40);
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.ticketTypes.find((t: { id: string }) => t.id === vip.id).seatsLeft, 0);
  });

  it('cancels an event, publishes EventoCancelado once, and refuses edits afterwards', async () => {
    const event = await f.published(manager);
    const del = await f.app.fetch(`/api/musicfest/events/${event.id}?reason=${encodeURIComponent('lluvia intensa')}`, {
      method: 'DELETE',
      token: manager.token,
    });
    assert.equal(del.status, 202, del.text);
    assert.deepEqual(del.body, { id: event.id, status: 'CANCELLED' });
    const again = await f.app.fetch(`/api/musicfest/events/${event.id}`, { method: 'DELETE', token: manager.token });
    assert.equal(again.status, 202, 'idempotent');
    const cancels = (await f.outbox(event.id)).filter((e) => e.topic === 'evento.cancelado');
    assert.equal(cancels.length, 1);
    assert.equal(cancels[0]?.data.reason, 'lluvia intensa');
    assert.equal(cancels[0]?.data.managerId, manager.id);
    assert.equal((await f.get(event.id)).body.status, 'CANCELLED');
    const listed = await f.app.fetch(`/api/musicfest/events?q=${encodeURIComponent(event.name)}`);
    assert.equal(listed.body.total, 0);
    const edit = await f.app.fetch(`/api/musicfest/events/${event.id}`, {
      method: 'PATCH',
      token: manager.token,
      json: { place: 'Otro lugar' },
    });
    assert.equal(edit.status, 409);
    assert.equal(edit.body.code, 'INVALID_STATE');
  });

  it("does not let a manager edit or cancel another manager's event (403), but a platform admin may", async () => {
    const event = await f.published(manager);
    const other = await f.user(['manager']);
    const edit = await f.app.fetch(`/api/musicfest/events/${event.id}`, {
      method: 'PATCH',
      token: other.token,
      json: { name: 'Robado' },
    });
    assert.equal(edit.status, 403, edit.text);
    assert.equal(edit.headers.get('content-type'), 'application/problem+json');
    const del = await f.app.fetch(`/api/musicfest/events/${event.id}`, { method: 'DELETE', token: other.token });
    assert.equal(del.status, 403);
    assert.equal((await f.get(event.id)).body.status, 'PUBLISHED');
    const admin = await f.user(['platform_admin']);
    const byAdmin = await f.app.fetch(`/api/musicfest/events/${event.id}`, {
      method: 'PATCH',
      token: admin.token,
      json: { name: `${event.name} (admin)` },
    });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    const mine = await f.app.fetch('/api/musicfest/manager/events?pageSize=100', { token: other.token });
    assert.equal(mine.body.total, 0, 'a manager lists only their own events');
    const all = await f.app.fetch('/api/musicfest/manager/events?pageSize=100', { token: admin.token });
    assert.ok(all.body.items.some((e: { id: string }) => e.id === event.id));
  });

  it('refuses to create an event for a client (403) and an anonymous caller (401)', async () => {
    const client = await f.user(['client']);
    const res = await f.create(client.token, f.body());
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'FORBIDDEN');
    const anonymous = await f.app.fetch('/api/musicfest/events', { json: f.body() });
    assert.equal(anonymous.status, 401);
  });

  it('answers inconsistent input with 400 problem+json naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'body.name'],
      [{ size: 'huge' }, 'body.size'],
      [{ purchaseDeadline: f.at(31) }, 'body.purchaseDeadline'],
      [{ startsAt: f.at(-1), purchaseDeadline: f.at(-2) }, 'body.startsAt'],
      [{ ticketTypes: [] }, 'body.ticketTypes'],
      [
        {
          ticketTypes: [{ name: 'General', price: 1000, quantity: 501, salesStartAt: f.at(-1), salesEndAt: f.at(29) }],
        },
        'body.ticketTypes',
      ],
      [
        {
          ticketTypes: [{ name: 'General', price: 1000, quantity: 10, salesStartAt: f.at(10), salesEndAt: f.at(5) }],
        },
        'body.ticketTypes.0.salesEndAt',
      ],
      [
        {
          ticketTypes: [{ name: 'General', price: -1, quantity: 10, salesStartAt: f.at(-1), salesEndAt: f.at(5) }],
        },
        'body.ticketTypes.0.price',
      ],
    ];
    for (const [overrides, field] of cases) {
      const res = await f.create(manager.token, f.body(overrides));
      assert.equal(res.status, 400, `${field}: ${res.text}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        `${field} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const bogusPatch = await f.app.fetch(`/api/musicfest/events/${randomUUID()}`, {
      method: 'PATCH',
      token: manager.token,
      json: { durationMinutes: 0 },
    });
    assert.equal(bogusPatch.status, 400);
    assert.equal(bogusPatch.body.errors[0].field, 'body.durationMinutes');
    assert.equal((await f.get(randomUUID())).status, 404);
  });
});
