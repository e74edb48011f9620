import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { salonsService } from '@coordina/instudio-salons';
import { PagoAutorizado, PagoFallido } from '@coordina/payments/contracts';
import type { EventContract, EventData } from '@coordina/platform';
import { assertProblem, budget, eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { bookingService } from '../src';
import { BookingFixture, HAIRCUT, MIRAFLORES } from './booking.fixture';

/** The saga against hand-made payment replies: no payments service runs here. */
describe('InStudio booking saga, with payment replies published by the test', () => {
  let app: TestApp;
  let f: BookingFixture;

  before(async () => {
    app = await startTestApp({
      services: [salonsService, bookingService],
      config: { seedDemo: true },
      env: { BOOKING_HOLD_TIMEOUT_MS: String(budget(3_000)), BOOKING_CANCELLATION_WINDOW_HOURS: '24' },
    });
    f = new BookingFixture(app);
  });
  after(() => app?.close());

  async function publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<void> {
    const ctx = app.contexts.get('instudio-booking');
    assert.ok(ctx);
    await ctx.db.transaction((tx) => ctx.bus.publish(tx, contract, data));
  }

  /** Books the first free slot n days ahead and returns the booking and the charge it asked for. */
  async function held(daysAhead: number) {
    const client = await f.user();
    const slot = (await f.slots(f.date(daysAhead)))[0];
    assert.ok(slot);
    const res = await f.book(client.token, slot, 'pm_card_visa');
    assert.equal(res.status, 202, res.text);
    const view = (await f.get(client.token, res.body.id)).body;
    assert.equal(view.status, 'HELD');
    const command = await eventually(async () =>
      (await f.published(view.paymentId)).find((e) => e.topic === 'pago.solicitar'),
    );
    return {
      client,
      slot,
      id: res.body.id as string,
      paymentId: view.paymentId as string,
      price: view.price as number,
      command: command.data,
    };
  }

  const authorized = (b: { id: string; paymentId: string; client: { id: string } }) => ({
    paymentId: b.paymentId,
    sagaId: b.id,
    userId: b.client.id,
    amount: 6000,
    currency: 'PEN' as const,
    provider: 'sandbox',
    providerRef: `pi_${randomUUID()}`,
    reference: `booking:${b.id}`,
  });

  it('asks payments to charge the price fixed on the booking, correlated by the booking id', async () => {
    const b = await held(2);
    assert.equal(b.command.sagaId, b.id);
    assert.ok(b.price === 6000 || b.price === 5400, 'S/ 60.00, or less the demo 10% promotion');
    assert.equal(b.command.amount, b.price);
    assert.equal(b.command.currency, 'PEN');
    assert.equal(b.command.paymentMethod, 'pm_card_visa');
    assert.equal(b.command.userId, b.client.id);
  });

  it('confirms on pago.autorizado and ignores a duplicate reply', async () => {
    const b = await held(3);
    await publish(PagoAutorizado, authorized(b));
    assert.equal((await f.settled(b.client.token, b.id)).status, 'CONFIRMED');
    await publish(PagoAutorizado, authorized(b));
    await publish(PagoFallido, { ...authorized(b), reason: 'card_declined' });
    const saga = await eventually(async () => {
      const s = await app.contexts.get('instudio-booking')?.sagas.get(b.id);
      return s?.log?.filter((l) => l.action === 'reply-ignored').length === 2 ? s : undefined;
    });
    assert.equal(saga.status, 'COMPLETED');
    assert.equal((await f.get(b.client.token, b.id)).body.status, 'CONFIRMED');
    const confirmations = (await f.published(b.id)).filter((e) => e.topic === 'reserva.confirmada');
    assert.equal(confirmations.length, 1);
  });

  it('cancels on pago.fallido with the reason and asks for no refund', async () => {
    const b = await held(4);
    await publish(PagoFallido, {
      paymentId: b.paymentId,
      sagaId: b.id,
      userId: b.client.id,
      reason: 'insufficient_funds',
      reference: `booking:${b.id}`,
    });
    const booking = await f.settled(b.client.token, b.id);
    assert.equal(booking.status, 'CANCELLED');
    assert.equal(booking.statusReason, 'payment declined: insufficient_funds');
    assert.equal((await f.published(b.paymentId)).filter((e) => e.topic === 'reembolso.solicitar').length, 0);
    assert.ok((await f.slots(f.date(4))).some((s) => s.stylistId === b.slot.stylistId && s.start === b.slot.start));
  });

  it('cancels when payment does not answer before the hold expires, voids the charge and ignores a late approval', async () => {
    const b = await held(5);
    const booking = await f.settled(b.client.token, b.id, 10_000);
    assert.equal(booking.status, 'CANCELLED');
    assert.equal(booking.statusReason, 'payment timed out');
    assert.equal(booking.refundStatus, 'REQUESTED');
    assert.ok(
      (await f.slots(f.date(5))).some((s) => s.stylistId === b.slot.stylistId && s.start === b.slot.start),
      'the expired hold released its slot',
    );
    const refund = (await f.published(b.paymentId)).find((e) => e.topic === 'reembolso.solicitar');
    assert.ok(refund, 'a charge that lands late is voided');
    await publish(PagoAutorizado, authorized(b));
    await eventually(async () => {
      const s = await app.contexts.get('instudio-booking')?.sagas.get(b.id);
      return s?.log?.some((l) => l.action === 'reply-ignored');
    });
    assert.equal((await f.get(b.client.token, b.id)).body.status, 'CANCELLED');
  });

  it('answers bad input on every endpoint with a 4xx problem naming the field, never a 500', async () => {
    const client = await f.user();
    const b = await held(6);
    const date = f.date(8);
    const start = (hhmm: string, day = date) => `${day}T${hhmm}:00-05:00`;
    const body = {
      salonId: MIRAFLORES,
      serviceId: HAIRCUT,
      stylistId: b.slot.stylistId,
      paymentMethod: 'pm_card_visa',
    };
    const availability = (qs: string, salon = MIRAFLORES) => `/api/instudio/salons/${salon}/availability?${qs}`;
    const cases: {
      path: string;
      method?: string;
      json?: unknown;
      raw?: string;
      token?: string;
      status: number;
      field?: string;
      code?: string;
    }[] = [
      { path: availability(`serviceId=${HAIRCUT}&date=${date}`, 'nope'), status: 400, field: 'params.id' },
      { path: availability(`date=${date}`), status: 400, field: 'query.serviceId' },
      { path: availability(`serviceId=${HAIRCUT}&date=2030-13-40`), status: 400, field: 'query.date' },
      { path: availability(`serviceId=${HAIRCUT}`), status: 400, field: 'query.date' },
      { path: availability(`serviceId=${randomUUID()}&date=${date}`), status: 400, field: 'query.serviceId' },
      { path: availability(`serviceId=${HAIRCUT}&date=${date}`, randomUUID()), status: 404 },
      { path: '/api/instudio/bookings', json: { ...body, start: start('10:00') }, status: 401 },
      { path: '/api/instudio/bookings', token: client.token, json: {}, status: 400, field: 'body.salonId' },
      { path: '/api/instudio/bookings', token: client.token, raw: '{"salonId":', status: 400 },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: `${date}T10:00:00` },
        status: 400,
        field: 'body.start',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('10:00'), paymentMethod: '' },
        status: 400,
        field: 'body.paymentMethod',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('10:00'), salonId: randomUUID() },
        status: 400,
        field: 'body.salonId',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('10:00'), serviceId: randomUUID() },
        status: 400,
        field: 'body.serviceId',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('10:00'), stylistId: randomUUID() },
        status: 400,
        field: 'body.stylistId',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: {
          ...body,
          start: start('12:00'),
          stylistId: '30000000-0000-4000-8000-000000000102',
          serviceId: '20000000-0000-4000-8000-000000000102',
        },
        status: 400,
        field: 'body.stylistId',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('10:00', '2020-01-06') },
        status: 400,
        field: 'body.start',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('18:30') },
        status: 409,
        code: 'SLOT_UNAVAILABLE',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: start('07:00') },
        status: 409,
        code: 'SLOT_UNAVAILABLE',
      },
      {
        path: '/api/instudio/bookings',
        token: client.token,
        json: { ...body, start: b.slot.start },
        status: 409,
        code: 'SLOT_UNAVAILABLE',
      },
      { path: '/api/instudio/bookings?page=0', token: client.token, status: 400, field: 'query.page' },
      { path: '/api/instudio/bookings/nope', token: client.token, status: 400, field: 'params.id' },
      { path: `/api/instudio/bookings/${randomUUID()}`, token: client.token, status: 404 },
      { path: `/api/instudio/bookings/${b.id}`, status: 401 },
      {
        path: '/api/instudio/bookings/nope/cancel',
        method: 'POST',
        token: client.token,
        status: 400,
        field: 'params.id',
      },
      { path: `/api/instudio/bookings/${randomUUID()}/cancel`, method: 'POST', token: client.token, status: 404 },
      {
        path: `/api/instudio/bookings/${b.id}/cancel`,
        method: 'POST',
        token: b.client.token,
        status: 409,
        code: 'INVALID_STATE',
      },
    ];
    for (const c of cases) {
      const r = await app.fetch(c.path, {
        method: c.method ?? (c.json !== undefined || c.raw !== undefined ? 'POST' : 'GET'),
        json: c.json,
        body: c.raw,
        token: c.token,
        headers: c.raw ? { 'content-type': 'application/json' } : undefined,
      });
      assertProblem(r, c, `${c.method ?? ''} ${c.path} ${JSON.stringify(c.json ?? c.raw ?? '')}`);
    }
  });
});
