import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
/** Booking's contract, as the salons service loads it. */
import { ResenaPublicada } from '@coordina/instudio-booking/contracts';
import { type EventData, sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { SalonsFixture } from './salons.fixture';

describe('InStudio salon ratings from reviews', () => {
  let f: SalonsFixture;

  const review = (salonId: string, rating: number, reviewId = randomUUID()) => ({
    reviewId,
    bookingId: randomUUID(),
    salonId,
    userId: randomUUID(),
    rating,
    text: 'Muy bien',
    at: new Date().toISOString(),
  });
  const publish = (data: EventData<typeof ResenaPublicada>) =>
    f.ctx.db.transaction((tx) => f.ctx.bus.publish(tx, ResenaPublicada, data));
  const handled = async (): Promise<number> => {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_inbox
      WHERE group_id = 'instudio-salons.ratings'`.execute(f.ctx.db.db);
    return r.rows[0]?.n ?? 0;
  };
  const rating = async (id: string) => {
    const r = await f.app.fetch(`/api/instudio/salons/${id}`);
    assert.equal(r.status, 200, r.text);
    return { avg: r.body.ratingAvg as number, count: r.body.ratingCount as number };
  };

  before(async () => {
    f = await SalonsFixture.start();
  });
  after(() => f?.close());

  it('updates the average by event and shows it in the cached detail', async () => {
    const salon = await f.salon();
    assert.deepEqual(await rating(salon.id), { avg: 0, count: 0 }, 'read once, so it is cached');
    await publish(review(salon.id, 5));
    await publish(review(salon.id, 4));
    await publish(review(salon.id, 4));
    const seen = await eventually(async () => {
      const r = await rating(salon.id);
      return r.count === 3 ? r : undefined;
    }, 5000);
    assert.deepEqual(seen, { avg: 4.33, count: 3 });
    const r = await sql<{ change: string }>`SELECT event->'data'->>'change' AS change FROM coordina_outbox
      WHERE topic = 'salones.actualizaciones' AND key = ${salon.id} ORDER BY seq`.execute(f.ctx.db.db);
    assert.equal(r.rows.filter((x) => x.change === 'rating.updated').length, 3);
  });

  it('counts a review exactly once, whether a second event names it or the same event is delivered again', async () => {
    const salon = await f.salon();
    const once = review(salon.id, 2);
    await publish(once);
    await publish({ ...once, at: new Date().toISOString() });
    await publish(review(salon.id, 5));
    await eventually(async () => (await rating(salon.id)).count >= 2, 5000);
    const before = await handled();
    await f.ctx.bus.replay('instudio-salons.ratings', { topic: 'resena.publicada', offset: 0 }, { reprocess: true });
    await eventually(async () => (await handled()) >= before, 10_000);
    assert.deepEqual(await rating(salon.id), { avg: 3.5, count: 2 });
  });

  it('sorts search results by rating when asked', async () => {
    const district = `Ratings ${randomUUID().slice(0, 8)}`;
    const low = await f.salon({ name: 'A bajo', district });
    const high = await f.salon({ name: 'B alto', district });
    const none = await f.salon({ name: 'C nuevo', district });
    const search = async () => {
      const r = await f.app.fetch(`/api/instudio/salons?district=${encodeURIComponent(district)}&sort=rating`);
      return r.body.items.map((s: { id: string }) => s.id);
    };
    assert.deepEqual(await search(), [low.id, high.id, none.id], 'by name while no salon has a rating');
    await publish(review(low.id, 2));
    await publish(review(high.id, 5));
    const sorted = await eventually(async () => {
      const ids = await search();
      return ids[0] === high.id ? ids : undefined;
    }, 5000);
    assert.deepEqual(sorted, [high.id, low.id, none.id]);
  });

  it('parks a review of an unknown salon in the failed registry without counting it', async () => {
    const ghost = randomUUID();
    await publish(review(ghost, 5));
    const failed = await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_failed
        WHERE group_id = 'instudio-salons.ratings' AND key = ${ghost}`.execute(f.ctx.db.db);
      return (r.rows[0]?.n ?? 0) > 0;
    }, 10_000);
    assert.ok(failed);
    const seen = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM reviews_seen WHERE salon_id = ${ghost}`.execute(f.ctx.db.db);
    assert.equal(seen.rows[0]?.n, 0);
  });
});
