import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestFetchInit, TestResponse } from '@coordina/platform/testing';
import { newTraceparent } from './trace.analysis';

type Fetch = (path: string, init?: TestFetchInit) => Promise<TestResponse>;

const SALON = '10000000-0000-4000-8000-000000000001';
const DAY = 86_400_000;

/** A traced command: the trace it started and the client's root span the gateway continued. */
export interface TracedCommand {
  traceId: string;
  rootSpanId: string;
  status: string;
}

async function until(read: () => Promise<string | undefined>, final: readonly string[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await read();
    if (status && final.includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`still ${status} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Free slots of the seeded salon, none overlapping for a stylist, from `daysAhead` on. */
export async function bookableSlots(fetch: Fetch, n: number, daysAhead = 40) {
  const salon = (await fetch(`/api/instudio/salons/${SALON}`)).body;
  const serviceId: string = salon.services[0].id;
  const slots: { stylistId: string; start: string; end: string }[] = [];
  for (let day = daysAhead; slots.length < n && day < daysAhead + 400; day++) {
    const date = new Date(Date.now() + day * DAY).toISOString().slice(0, 10);
    const av = await fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    for (const s of av.body.slots as typeof slots) {
      if (!slots.some((x) => x.stylistId === s.stylistId && s.start < x.end && x.start < s.end)) slots.push(s);
    }
  }
  return { serviceId, slots: slots.slice(0, n) };
}

/** Books a slot under a new trace and waits until the booking is CONFIRMED (or CANCELLED). */
export async function tracedBooking(
  fetch: Fetch,
  token: string,
  serviceId: string,
  slot: { stylistId: string; start: string },
): Promise<TracedCommand> {
  const { traceparent, traceId, rootSpanId } = newTraceparent();
  const r = await fetch('/api/instudio/bookings', {
    token,
    headers: { traceparent, 'idempotency-key': randomUUID() },
    json: { salonId: SALON, serviceId, stylistId: slot.stylistId, start: slot.start, paymentMethod: 'pm_card_visa' },
  });
  if (r.status !== 202) throw new Error(`booking refused: ${r.status} ${r.text}`);
  const status = await until(
    async () => (await fetch(`/api/instudio/bookings/${r.body.id}`, { token })).body?.status,
    ['CONFIRMED', 'CANCELLED'],
  );
  return { traceId, rootSpanId, status };
}

/** A MusicFest event with `seats` seats on sale, created by `manager` (a token with the manager role). */
export async function eventOnSale(fetch: Fetch, manager: string, seats: number) {
  const now = Date.now();
  const created = await fetch('/api/musicfest/events', {
    token: manager,
    json: {
      name: `Traced ${randomUUID().slice(0, 8)}`,
      startsAt: new Date(now + 30 * DAY).toISOString(),
      durationMinutes: 240,
      place: 'Estadio Nacional, Lima',
      description: 'Tracing the purchase path',
      organizer: 'Coordina Bench',
      size: 'small',
      purchaseDeadline: new Date(now + 29 * DAY).toISOString(),
      ticketTypes: [
        {
          name: 'General',
          price: 12_000,
          discountPercent: 0,
          quantity: seats,
          salesStartAt: new Date(now - 60_000).toISOString(),
          salesEndAt: new Date(now + 29 * DAY).toISOString(),
        },
      ],
      paymentMethod: 'pm_card_visa',
    },
  });
  if (created.status !== 202) throw new Error(`creating the event failed: ${created.status} ${created.text}`);
  const eventId: string = created.body.id;
  for (let i = 0; i < 600; i++) {
    const e = await fetch(`/api/musicfest/events/${eventId}`);
    if (e.status === 200 && e.body.status === 'PUBLISHED') {
      const ticketTypeId: string = e.body.ticketTypes[0].id;
      const s = await fetch('/api/musicfest/purchases/summary', {
        token: manager,
        json: { eventId, items: [{ ticketTypeId, quantity: 1 }] },
      });
      if (s.status === 200) return { eventId, ticketTypeId };
    }
    await sleep(100);
  }
  throw new Error('the event never went on sale');
}

/** Buys a ticket under a new trace and waits until the purchase is COMPLETED (or ends otherwise). */
export async function tracedPurchase(
  fetch: Fetch,
  token: string,
  sale: { eventId: string; ticketTypeId: string },
): Promise<TracedCommand> {
  const { traceparent, traceId, rootSpanId } = newTraceparent();
  const r = await fetch('/api/musicfest/purchases', {
    token,
    headers: { traceparent, 'idempotency-key': randomUUID() },
    json: {
      eventId: sale.eventId,
      items: [{ ticketTypeId: sale.ticketTypeId, quantity: 1 }],
      paymentMethod: 'pm_card_visa',
    },
  });
  if (r.status !== 202 && r.status !== 201) throw new Error(`purchase refused: ${r.status} ${r.text}`);
  const status = await until(
    async () => (await fetch(`/api/musicfest/purchases/${r.body.id}`, { token })).body?.status,
    ['COMPLETED', 'CANCELLED', 'EXPIRED'],
  );
  return { traceId, rootSpanId, status };
}
