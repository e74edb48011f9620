import { randomUUID } from 'node:crypto';
import { AccessTokens, sql } from '@coordina/platform';
import { eventually, startTestApp } from '@coordina/platform/testing';
import { allServices } from '../services.registry';
import { type Row, summarize } from './stats';

const SALON = '10000000-0000-4000-8000-000000000001';

/** Bookings per second through the whole saga (hold → payment webhook → confirm), embedded. */
export async function sagaBench(n: number, concurrency = 10): Promise<Row> {
  const app = await startTestApp({
    services: allServices,
    config: { seedDemo: true, sandboxWebhookDelayMs: 0, rateLimit: { perIpPerMinute: 1e9, perUserPerMinute: 1e9 } },
  });
  try {
    const salon = (await app.fetch(`/api/instudio/salons/${SALON}`)).body;
    const serviceId: string = salon.services[0].id;
    const slots: { stylistId: string; start: string; end: string }[] = [];
    for (let day = 10; slots.length < n && day < 400; day++) {
      const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
      const av = await app.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
      for (const s of av.body.slots as typeof slots) {
        if (!slots.some((x) => x.stylistId === s.stylistId && s.start < x.end && x.start < s.end)) slots.push(s);
      }
    }
    const token = await new AccessTokens(app.config.jwtSecret, 3600).sign({
      id: randomUUID(),
      email: 'bench@x.test',
      roles: ['client'],
    });
    const queue = slots.slice(0, n);
    const started = performance.now();
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let slot = queue.shift(); slot; slot = queue.shift()) {
          const r = await app.fetch('/api/instudio/bookings', {
            token,
            json: {
              salonId: SALON,
              serviceId,
              stylistId: slot.stylistId,
              start: slot.start,
              paymentMethod: 'pm_card_visa',
            },
          });
          if (r.status === 202) ids.push(r.body.id);
        }
      }),
    );
    const ctx = app.contexts.get('instudio-booking');
    if (!ctx) throw new Error('booking service missing');
    await eventually(
      async () => {
        const r = await sql<{
          c: number;
        }>`SELECT count(*)::int AS c FROM coordina_sagas WHERE status IN ('COMPLETED','COMPENSATED')`.execute(
          ctx.db.db,
        );
        return (r.rows[0]?.c ?? 0) >= ids.length;
      },
      120_000,
      20,
    );
    const seconds = (performance.now() - started) / 1000;
    const r = await sql<{
      ms: number;
      status: string;
    }>`SELECT extract(epoch FROM (updated_at - created_at)) * 1000 AS ms, status FROM coordina_sagas`.execute(
      ctx.db.db,
    );
    const completed = r.rows.filter((x) => x.status === 'COMPLETED').length;
    return summarize(
      'booking saga, embedded (POST → CONFIRMED)',
      ids.length,
      seconds,
      r.rows.map((x) => Number(x.ms)),
      `${completed}/${ids.length} confirmed, ${concurrency} clients`,
    );
  } finally {
    await app.close();
  }
}
