import { testFetch } from '@coordina/platform/testing';
import { hopStats, nowMs, openLoop } from './open-loop';
import { machineQuiet } from './proc.stats';
import { type Row, summarize } from './stats';

const SALON = '10000000-0000-4000-8000-000000000001';

export interface LoadResult {
  row: Row;
  seconds: number;
  confirmed: number;
}

interface Slot {
  stylistId: string;
  start: string;
  end: string;
}

/** `n` free slots of the demo salon's first service that do not overlap (one stylist, one time). */
async function freeSlots(base: string, n: number): Promise<{ serviceId: string; slots: Slot[] }> {
  const salon = (await testFetch(base, `/api/instudio/salons/${SALON}`)).body;
  const serviceId: string = salon.services[0].id;
  const slots: Slot[] = [];
  for (let day = 20; slots.length < n && day < 500; day++) {
    const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
    const av = await testFetch(base, `/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    for (const s of av.body.slots as Slot[]) {
      if (!slots.some((x) => x.stylistId === s.stylistId && s.start < x.end && x.start < s.end)) slots.push(s);
    }
  }
  return { serviceId, slots: slots.slice(0, n) };
}

/** Books one slot and polls (every 25 ms) until the booking left HELD: true when it is CONFIRMED. */
async function bookAndWait(base: string, token: string, serviceId: string, slot: Slot): Promise<boolean | undefined> {
  const r = await testFetch(base, '/api/instudio/bookings', {
    token,
    json: { salonId: SALON, serviceId, stylistId: slot.stylistId, start: slot.start, paymentMethod: 'pm_card_visa' },
  });
  if (r.status !== 202) return undefined;
  for (let i = 0; i < 2000; i++) {
    const b = await testFetch(base, `/api/instudio/bookings/${r.body.id}`, { token });
    if (b.body.status !== 'HELD') return b.body.status === 'CONFIRMED';
    await new Promise((res) => setTimeout(res, 25));
  }
  return false;
}

/** Books `n` distinct slots with `concurrency` clients; each waits (polling) until CONFIRMED. */
export async function bookingLoad(
  base: string,
  token: string,
  n: number,
  concurrency: number,
  name: string,
): Promise<LoadResult> {
  const { serviceId, slots: queue } = await freeSlots(base, n);
  // What an earlier measurement left running (a drained queue's vacuum, sagas) is not this one's.
  const quiet = (await machineQuiet()) / 1000;
  const latencies: number[] = [];
  let confirmed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let slot = queue.shift(); slot; slot = queue.shift()) {
        const t0 = performance.now();
        const ok = await bookAndWait(base, token, serviceId, slot);
        if (ok === undefined) continue;
        if (ok) confirmed++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    row: summarize(
      name,
      latencies.length,
      seconds,
      latencies,
      `${confirmed}/${n} confirmed, ${concurrency} clients, started after ${quiet.toFixed(1)} s waiting for a quiet machine`,
    ),
    seconds,
    confirmed,
  };
}

/**
 * Bookings at a steady `rate` for `seconds` (open loop, decision 0044): booking i is sent at
 * start + i / rate whatever happened to the earlier ones, and its latency runs from that due
 * time until the client saw it CONFIRMED (polling every 25 ms, so up to 25 ms late).
 */
export async function bookingSteady(
  base: string,
  token: string,
  rate: number,
  seconds: number,
  name: string,
): Promise<Row & { confirmed: number; expected: number }> {
  const expected = Math.round(rate * seconds);
  const { serviceId, slots } = await freeSlots(base, expected);
  if (slots.length < expected) throw new Error(`only ${slots.length} free slots for ${expected} bookings`);
  await machineQuiet();
  const latencies = new Map<number, number>();
  let refused = 0;
  const run = await openLoop({
    rate,
    seconds,
    warmupSeconds: 0,
    send: async (due) => {
      await Promise.all(
        due.map(async (x) => {
          const slot = slots[x.i];
          if (!slot) return;
          const ok = await bookAndWait(base, token, serviceId, slot);
          if (ok) latencies.set(x.i, nowMs() - x.at);
          else refused++;
        }),
      );
    },
  });
  const s = hopStats(latencies, run);
  const notes = [`${rate}/s for ${seconds} s, ${s.received}/${expected} confirmed`];
  if (refused > 0) notes.push(`${refused} not confirmed`);
  if (run.sendErrors > 0) notes.push(`${run.sendErrors} failed (${run.firstError})`);
  return {
    name,
    perSecond: run.achievedRate,
    p50: s.p50,
    p99: s.p99,
    note: notes.join('; '),
    confirmed: s.received,
    expected,
  };
}
