import { testFetch } from '@coordina/platform/testing';
import { type Row, summarize } from './stats';

const SALON = '10000000-0000-4000-8000-000000000001';

export interface LoadResult {
  row: Row;
  seconds: number;
  confirmed: number;
}

/** Books `n` distinct slots with `concurrency` clients; each waits (polling) until CONFIRMED. */
export async function bookingLoad(
  base: string,
  token: string,
  n: number,
  concurrency: number,
  name: string,
): Promise<LoadResult> {
  const salon = (await testFetch(base, `/api/instudio/salons/${SALON}`)).body;
  const serviceId: string = salon.services[0].id;
  const slots: { stylistId: string; start: string; end: string }[] = [];
  for (let day = 20; slots.length < n && day < 500; day++) {
    const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
    const av = await testFetch(base, `/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    for (const s of av.body.slots as typeof slots) {
      if (!slots.some((x) => x.stylistId === s.stylistId && s.start < x.end && x.start < s.end)) slots.push(s);
    }
  }
  const queue = slots.slice(0, n);
  const latencies: number[] = [];
  let confirmed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let slot = queue.shift(); slot; slot = queue.shift()) {
        const t0 = performance.now();
        const r = await testFetch(base, '/api/instudio/bookings', {
          token,
          json: {
            salonId: SALON,
            serviceId,
            stylistId: slot.stylistId,
            start: slot.start,
            paymentMethod: 'pm_card_visa',
          },
        });
        if (r.status !== 202) continue;
        for (let i = 0; i < 2000; i++) {
          const b = await testFetch(base, `/api/instudio/bookings/${r.body.id}`, { token });
          if (b.body.status === 'CONFIRMED') confirmed++;
          if (b.body.status !== 'HELD') break;
          await new Promise((res) => setTimeout(res, 25));
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    row: summarize(name, latencies.length, seconds, latencies, `${confirmed}/${n} confirmed, ${concurrency} clients`),
    seconds,
    confirmed,
  };
}
