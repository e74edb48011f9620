import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem, eventually, type TestResponse } from '@coordina/platform/testing';
import { SalonesActualizaciones } from '../src/contracts';
import { SalonsFixture } from './salons.fixture';

describe('InStudio salon reads: cache and invalidation', () => {
  let f: SalonsFixture;

  before(async () => {
    f = await SalonsFixture.start();
  });
  after(() => f?.close());

  it("shows a salon admin's new service price in the cached detail and search at once", async () => {
    const district = `Cache ${randomUUID().slice(0, 8)}`;
    const salon = await f.salon({ district });
    const svc = await f.service(salon.id, { name: 'Corte', subcategory: 'hair', priceCents: 3000 });
    const search = `/api/instudio/salons?district=${encodeURIComponent(district)}&priceMin=5000`;
    // Keep the salones.actualizaciones path out: once the cache group has handled the salon's
    // events so far, an open failure for it makes the group hold the next ones (principle 6)
    // instead of dropping the salon's cached reads.
    await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox o
        WHERE o.topic = 'salones.actualizaciones' AND o.key = ${salon.id} AND NOT EXISTS (SELECT 1
          FROM coordina_inbox i WHERE i.group_id = 'instudio-salons.cache' AND i.event_id = o.id)`.execute(f.ctx.db.db);
      return r.rows[0]?.n === 0;
    });
    await sql`INSERT INTO coordina_failed (id, group_id, key, topic, event, reason, attempts, status)
      VALUES (${randomUUID()}, 'instudio-salons.cache', ${salon.id}, 'salones.actualizaciones', '{}'::jsonb,
        'test: only the writer may drop the reads', 1, 'FAILED')`.execute(f.ctx.db.db);
    assert.equal((await f.app.fetch(`/api/instudio/salons/${salon.id}`)).body.services[0].priceCents, 3000);
    assert.equal((await f.app.fetch(search)).body.total, 0);
    const edit = await f.app.fetch(`/api/instudio/salons/${salon.id}/services/${svc.id}`, {
      method: 'PATCH',
      token: f.tokens.otherAdmin,
      json: { priceCents: 5500 },
    });
    assert.equal(edit.status, 200, edit.text);
    assert.deepEqual(edit.body, {
      id: svc.id,
      name: 'Corte',
      subcategory: 'hair',
      durationMinutes: 60,
      priceCents: 5500,
    });
    // "At once": the writer drops its cached reads after its commit, before it answers, so the
    // very next reads see the change (the event path is held for this salon).
    const detail = await f.app.fetch(`/api/instudio/salons/${salon.id}`);
    assert.equal(detail.body.services[0].priceCents, 5500, 'the cached detail was dropped by the write');
    assert.equal((await f.app.fetch(search)).body.total, 1, 'the cached search page was dropped by the write');
    const r = await sql<{ id: string; change: string }>`SELECT id, event->'data'->>'change' AS change
      FROM coordina_outbox WHERE topic = 'salones.actualizaciones' AND key = ${salon.id}
      ORDER BY seq DESC LIMIT 1`.execute(f.ctx.db.db);
    assert.equal(r.rows[0]?.change, 'service.upserted');
    // The edit's event reached the cache group and was held, not handled: the block was in place.
    await eventually(async () => {
      const inbox = await sql<{ outcome: string }>`SELECT outcome FROM coordina_inbox
        WHERE group_id = 'instudio-salons.cache' AND event_id = ${r.rows[0]?.id}`.execute(f.ctx.db.db);
      return inbox.rows[0]?.outcome === 'held';
    });
  });

  it('drops cached reads on a salones.actualizaciones event alone', async () => {
    const name = `Evento ${randomUUID().slice(0, 6)}`;
    const salon = await f.salon({ name });
    const byName = `/api/instudio/salons?q=${encodeURIComponent(name)}`;
    assert.equal((await f.app.fetch(byName)).body.items[0].phone, '+51 1 000 0000');
    assert.equal((await f.app.fetch(`/api/instudio/salons/${salon.id}`)).body.phone, '+51 1 000 0000');
    // A write this process did not make: only the event tells the cache.
    const event = await f.ctx.db.transaction(async (tx) => {
      await sql`UPDATE salons SET phone = '+51 1 999 9999' WHERE id = ${salon.id}`.execute(tx);
      return f.ctx.bus.publish(tx, SalonesActualizaciones, {
        salonId: salon.id,
        change: 'salon.updated',
        at: new Date().toISOString(),
      });
    });
    // Once the cache group has handled the event (its inbox row commits after the handler ran),
    // the very next reads must be fresh.
    await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_inbox
        WHERE group_id = 'instudio-salons.cache' AND event_id = ${event.id}`.execute(f.ctx.db.db);
      return r.rows[0]?.n === 1;
    });
    assert.equal((await f.app.fetch(`/api/instudio/salons/${salon.id}`)).body.phone, '+51 1 999 9999');
    assert.equal((await f.app.fetch(byName)).body.items[0].phone, '+51 1 999 9999');
  });

  it('refuses service edits by others, of unknown services, and with bad fields', async () => {
    const salon = await f.salon();
    const svc = await f.service(salon.id, { name: 'Corte', subcategory: 'hair', priceCents: 3000 });
    const foreign = '20000000-0000-4000-8000-000000000101';
    const edit = (salonId: string, serviceId: string, json: unknown, token = f.tokens.otherAdmin) =>
      f.app.fetch(`/api/instudio/salons/${salonId}/services/${serviceId}`, { method: 'PATCH', token, json });
    const cases: [Promise<TestResponse>, number, string?][] = [
      [edit(salon.id, svc.id, { priceCents: 1 }, f.tokens.demoAdmin), 403],
      [edit(salon.id, svc.id, { priceCents: 1 }, f.tokens.client), 403],
      [edit(salon.id, foreign, { priceCents: 1 }), 404],
      [edit(salon.id, randomUUID(), { priceCents: 1 }), 404],
      [edit(salon.id, 'x', { priceCents: 1 }), 400, 'params.serviceId'],
      [edit(salon.id, svc.id, { priceCents: -1 }), 400, 'body.priceCents'],
      [edit(salon.id, svc.id, { subcategory: 'beauty' }), 400, 'body.subcategory'],
      [edit(salon.id, svc.id, {}), 400, 'body'],
    ];
    for (const [i, [pending, status, field]] of cases.entries())
      assertProblem(await pending, { status, field }, `case ${i}`);
    assert.equal((await f.app.fetch(`/api/instudio/salons/${salon.id}`)).body.services[0].priceCents, 3000);
    const demo = await f.app.fetch('/api/instudio/salons/10000000-0000-4000-8000-000000000001');
    assert.equal(demo.body.services[0].priceCents, 6000, "another salon's service is untouched");
  });

  it('counts its reads as cache hits and misses in /metrics', async () => {
    const counter = async (result: 'hit' | 'miss'): Promise<number> => {
      const r = await f.app.fetch('/metrics');
      assert.equal(r.status, 200);
      const line = r.text
        .split('\n')
        .find((l) => l.startsWith(`coordina_cache_requests_total{service="instudio-salons",result="${result}"}`));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const salon = await f.salon();
    const [hits, misses] = [await counter('hit'), await counter('miss')];
    await f.app.fetch(`/api/instudio/salons/${salon.id}`);
    assert.ok((await counter('miss')) > misses, 'the first read misses');
    // The creation's own invalidation event may land after the first read; then reads hit.
    await eventually(async () => {
      const before = await counter('hit');
      await f.app.fetch(`/api/instudio/salons/${salon.id}`);
      return (await counter('hit')) >= before + 1;
    }, 5_000);
    assert.ok((await counter('hit')) > hits);
  });
});
