import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem, type TestResponse } from '@coordina/platform/testing';
import { SalonsFixture } from './salons.fixture';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('InStudio promotions', () => {
  let f: SalonsFixture;
  let salon: { id: string; name: string };
  let serviceId: string;
  const promotion = (over: Record<string, unknown> = {}) => ({
    name: 'Martes de gel',
    description: 'Uñas en gel con descuento',
    discountPercent: 15,
    serviceIds: [serviceId],
    validFrom: day(-1),
    validTo: day(30),
    weekdays: [2, 4],
    startTime: '10:00',
    endTime: '14:00',
    ...over,
  });
  const create = (json: unknown, token = f.tokens.otherAdmin, salonId = salon.id) =>
    f.app.fetch(`/api/instudio/salons/${salonId}/promotions`, { token, json });
  const patch = (id: string, json: unknown, token = f.tokens.otherAdmin) =>
    f.app.fetch(`/api/instudio/promotions/${id}`, { method: 'PATCH', token, json });
  const listed = async (query: string): Promise<string[]> => {
    const r = await f.app.fetch(`/api/instudio/promotions?${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.map((p: { id: string }) => p.id);
  };
  const events = async (topic: string, key: string): Promise<unknown[]> => {
    const r = await sql<{ data: unknown }>`SELECT event->'data' AS data FROM coordina_outbox
      WHERE topic = ${topic} AND key = ${key} ORDER BY seq`.execute(f.ctx.db.db);
    return r.rows.map((x) => x.data);
  };

  before(async () => {
    f = await SalonsFixture.start();
    salon = await f.salon({ name: `Gelería ${randomUUID().slice(0, 6)}` });
    serviceId = (await f.service(salon.id, { name: 'Uñas en gel', subcategory: 'nails', priceCents: 7000 })).id;
  });
  after(() => f?.close());

  it('seeds two active demo promotions on the demo salons, every day 09:00-19:00, for 60 days', async () => {
    const r = await f.app.fetch('/api/instudio/promotions?pageSize=100');
    const demo = r.body.items.filter((p: { id: string }) => p.id.startsWith('40000000-'));
    assert.equal(demo.length, 2, r.text);
    for (const p of demo) {
      assert.equal(p.active, true);
      assert.deepEqual(p.weekdays, [0, 1, 2, 3, 4, 5, 6]);
      assert.deepEqual([p.startTime, p.endTime], ['09:00', '19:00']);
      assert.ok(p.discountPercent >= 10 && p.discountPercent <= 20);
      assert.ok(p.validTo >= day(59), p.validTo);
    }
  });

  it('creates a promotion, announces it and lists it by salon and by text', async () => {
    const r = await create(promotion());
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { id: r.body.id, salonId: salon.id, active: true, ...promotion() });
    const announced = await events('promocion.publicada', r.body.id);
    assert.equal(announced.length, 1);
    assert.deepEqual(announced[0], {
      promotionId: r.body.id,
      salonId: salon.id,
      salonName: salon.name,
      name: 'Martes de gel',
      discountPercent: 15,
      validTo: day(30),
      at: (announced[0] as { at: string }).at,
    });
    const changes = (await events('salones.actualizaciones', salon.id)) as { change: string }[];
    assert.equal(changes.at(-1)?.change, 'promotion.upserted');
    assert.deepEqual(await listed(`salonId=${salon.id}`), [r.body.id]);
    assert.ok((await listed(`q=${encodeURIComponent(salon.name)}`)).includes(r.body.id), 'by salon name');
    assert.ok((await listed('q=UNAS%20EN%20GEL&pageSize=100')).includes(r.body.id), 'by description');
    assert.ok(!(await listed('q=nada-parecido')).includes(r.body.id));
  });

  it('disables and re-enables a promotion; only re-enabling announces it again', async () => {
    const id = (await create(promotion({ name: 'Temporal' }))).body.id;
    const off = await patch(id, { active: false });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.active, false);
    assert.ok(!(await listed(`salonId=${salon.id}`)).includes(id), 'gone from the active list at once');
    assert.ok((await listed(`salonId=${salon.id}&active=false`)).includes(id), 'still in the full list');
    const edit = await patch(id, { discountPercent: 25, weekdays: [6, 0] });
    assert.equal(edit.status, 200, edit.text);
    assert.deepEqual(edit.body.weekdays, [0, 6]);
    assert.equal((await events('promocion.publicada', id)).length, 1);
    const on = await patch(id, { active: true });
    assert.equal(on.status, 200, on.text);
    assert.equal((await events('promocion.publicada', id)).length, 2);
    const page = await f.app.fetch(`/api/instudio/promotions?salonId=${salon.id}&pageSize=100`);
    const shown = page.body.items.find((p: { id: string }) => p.id === id);
    assert.equal(shown?.discountPercent, 25, 'the listing shows the edit');
  });

  it('lists only promotions valid today or later as active, soonest to expire first, paginated', async () => {
    const other = await f.salon();
    const svc = (await f.service(other.id, { name: 'Corte', subcategory: 'hair', priceCents: 3000 })).id;
    const make = async (validFrom: string, validTo: string) =>
      (await create(promotion({ serviceIds: [svc], validFrom, validTo }), f.tokens.otherAdmin, other.id)).body.id;
    const expired = await make(day(-10), day(-2));
    const late = await make(day(0), day(40));
    const soon = await make(day(0), day(5));
    assert.deepEqual(await listed(`salonId=${other.id}`), [soon, late]);
    assert.deepEqual(await listed(`salonId=${other.id}&active=false`), [expired, soon, late]);
    const p2 = await f.app.fetch(`/api/instudio/promotions?salonId=${other.id}&active=false&pageSize=2&page=2`);
    assert.deepEqual(
      { ids: p2.body.items.map((p: { id: string }) => p.id), total: p2.body.total, page: p2.body.page },
      { ids: [late], total: 3, page: 2 },
    );
  });

  it('lets only the salon admin or a platform admin write promotions', async () => {
    assert.equal((await create(promotion(), f.tokens.client)).status, 403);
    assert.equal((await create(promotion(), f.tokens.demoAdmin)).status, 403, 'not their salon');
    assert.equal((await f.app.fetch(`/api/instudio/salons/${salon.id}/promotions`, { json: promotion() })).status, 401);
    const byPlatform = await create(promotion(), f.tokens.platform);
    assert.equal(byPlatform.status, 201, byPlatform.text);
    assert.equal((await patch(byPlatform.body.id, { active: false }, f.tokens.demoAdmin)).status, 403);
    assert.equal((await patch(byPlatform.body.id, { active: false }, f.tokens.client)).status, 403);
    assert.equal((await patch(byPlatform.body.id, { active: false }, f.tokens.platform)).status, 200);
  });

  it('answers invalid promotions with 400 naming the field, and unknown ones with 404', async () => {
    const foreign = '20000000-0000-4000-8000-000000000101';
    const id = (await create(promotion())).body.id;
    const cases: [Promise<TestResponse>, number, string?][] = [
      [create(promotion({ validFrom: day(5), validTo: day(1) })), 400, 'body.validTo'],
      [create(promotion({ startTime: '14:00', endTime: '14:00' })), 400, 'body.endTime'],
      [create(promotion({ startTime: '9:00' })), 400, 'body.startTime'],
      [create(promotion({ serviceIds: [foreign] })), 400, 'body.serviceIds'],
      [create(promotion({ serviceIds: [] })), 400, 'body.serviceIds'],
      [create(promotion({ discountPercent: 95 })), 400, 'body.discountPercent'],
      [create(promotion({ weekdays: [7] })), 400, 'body.weekdays.0'],
      [create(promotion({ weekdays: [1, 1] })), 400, 'body.weekdays'],
      [create(promotion({ validTo: '2025-02-30' })), 400, 'body.validTo'],
      [create(promotion(), f.tokens.platform, randomUUID()), 404],
      [patch(id, { validTo: day(-5) }), 400, 'body.validTo'],
      [patch(id, { endTime: '09:00' }), 400, 'body.endTime'],
      [patch(id, { serviceIds: [foreign] }), 400, 'body.serviceIds'],
      [patch(id, {}), 400, 'body'],
      [patch(id, { salonId: randomUUID() }), 400],
      [patch(randomUUID(), { active: false }), 404],
      [f.app.fetch('/api/instudio/promotions?active=maybe'), 400, 'query.active'],
      [f.app.fetch('/api/instudio/promotions?salonId=x'), 400, 'query.salonId'],
      [f.app.fetch('/api/instudio/promotions?pageSize=101'), 400, 'query.pageSize'],
    ];
    for (const [i, [pending, status, field]] of cases.entries())
      assertProblem(await pending, { status, field }, `case ${i}`);
    const unchanged = await f.app.fetch(`/api/instudio/promotions?salonId=${salon.id}&active=false&pageSize=100`);
    const stored = unchanged.body.items.find((p: { id: string }) => p.id === id);
    assert.deepEqual([stored.validTo, stored.endTime], [day(30), '14:00'], 'a refused edit changes nothing');
  });
});
