import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { AccessTokens, type Role, sql } from '@coordina/platform';
import { assertProblem, startTestApp, type TestApp } from '@coordina/platform/testing';
import { salonsService } from '../src';

const MIRAFLORES = '10000000-0000-4000-8000-000000000001';

describe('InStudio salons', () => {
  let app: TestApp;
  const tokens: Record<'platform' | 'demoAdmin' | 'otherAdmin' | 'client', string> = {
    platform: '',
    demoAdmin: '',
    otherAdmin: '',
    client: '',
  };
  const otherAdminId = randomUUID();

  before(async () => {
    app = await startTestApp({ services: [salonsService], config: { seedDemo: true } });
    const sign = (id: string, roles: Role[]) =>
      new AccessTokens(app.config.jwtSecret, 3600).sign({ id, email: `${id}@example.test`, roles });
    tokens.platform = await sign(randomUUID(), ['platform_admin']);
    tokens.demoAdmin = await sign(DemoUsers.salonAdmin.id, ['salon_admin']);
    tokens.otherAdmin = await sign(otherAdminId, ['salon_admin']);
    tokens.client = await sign(randomUUID(), ['client']);
  });
  after(() => app?.close());

  async function newSalon(adminUserId = otherAdminId, name = `Salón ${randomUUID().slice(0, 6)}`) {
    const r = await app.fetch('/api/instudio/salons', {
      token: tokens.platform,
      json: { name, address: 'Av. Arequipa 100', district: 'Lince', phone: '+51 1 000 0000', adminUserId },
    });
    assert.equal(r.status, 201, r.text);
    return r.body as { id: string; timezone: string; adminUserId: string };
  }

  async function outboxChanges(salonId: string): Promise<string[]> {
    const ctx = app.contexts.get('instudio-salons');
    assert.ok(ctx);
    const r = await sql<{ change: string }>`SELECT event->'data'->>'change' AS change FROM coordina_outbox
      WHERE topic = 'salones.actualizaciones' AND key = ${salonId} ORDER BY seq`.execute(ctx.db.db);
    return r.rows.map((x) => x.change);
  }

  it('seeds the demo salons with services, stylists and hours every day', async () => {
    const r = await app.fetch(`/api/instudio/salons/${MIRAFLORES}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.district, 'Miraflores');
    assert.equal(r.body.timezone, 'America/Lima');
    assert.equal(r.body.adminUserId, DemoUsers.salonAdmin.id);
    assert.ok(r.body.services.length >= 2);
    assert.ok(r.body.stylists.length >= 2);
    assert.equal(r.body.hours.length, 7);
    assert.deepEqual(r.body.hours[0], { weekday: 0, opens: '09:00', closes: '19:00' });
  });

  it('lets a platform admin create a salon and its admin fill it in, publishing each change', async () => {
    const salon = await newSalon();
    assert.equal(salon.timezone, 'America/Lima');
    const svc = await app.fetch(`/api/instudio/salons/${salon.id}/services`, {
      token: tokens.otherAdmin,
      json: { name: 'Uñas en gel', subcategory: 'nails', durationMinutes: 60, priceCents: 7000 },
    });
    assert.equal(svc.status, 201, svc.text);
    const stylist = await app.fetch(`/api/instudio/salons/${salon.id}/stylists`, {
      token: tokens.otherAdmin,
      json: { name: 'Rosa', serviceIds: [svc.body.id], hours: [{ weekday: 1, opens: '10:00', closes: '16:00' }] },
    });
    assert.equal(stylist.status, 201, stylist.text);
    const hours = await app.fetch(`/api/instudio/salons/${salon.id}/hours`, {
      method: 'PUT',
      token: tokens.otherAdmin,
      json: { hours: [{ weekday: 1, opens: '09:00', closes: '18:00' }] },
    });
    assert.equal(hours.status, 200, hours.text);
    const patch = await app.fetch(`/api/instudio/salons/${salon.id}`, {
      method: 'PATCH',
      token: tokens.otherAdmin,
      json: { description: 'Nuevo local' },
    });
    assert.equal(patch.status, 200, patch.text);

    const detail = await app.fetch(`/api/instudio/salons/${salon.id}`);
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.body.description, 'Nuevo local');
    assert.deepEqual(detail.body.services, [
      { id: svc.body.id, name: 'Uñas en gel', subcategory: 'nails', durationMinutes: 60, priceCents: 7000 },
    ]);
    assert.deepEqual(detail.body.stylists, [
      {
        id: stylist.body.id,
        name: 'Rosa',
        serviceIds: [svc.body.id],
        hours: [{ weekday: 1, opens: '10:00', closes: '16:00' }],
      },
    ]);
    assert.deepEqual(detail.body.hours, [{ weekday: 1, opens: '09:00', closes: '18:00' }]);
    assert.deepEqual(await outboxChanges(salon.id), [
      'salon.created',
      'service.upserted',
      'stylist.upserted',
      'hours.updated',
      'salon.updated',
    ]);
  });

  it("replaces a stylist's working hours, for the salon's admin only, and publishes the change", async () => {
    const salon = await newSalon();
    const stylist = await app.fetch(`/api/instudio/salons/${salon.id}/stylists`, {
      token: tokens.otherAdmin,
      json: { name: 'Inés', hours: [{ weekday: 1, opens: '10:00', closes: '16:00' }] },
    });
    assert.equal(stylist.status, 201, stylist.text);
    const path = `/api/instudio/salons/${salon.id}/stylists/${stylist.body.id}/hours`;
    const put = (token: string | undefined, hours: unknown) =>
      app.fetch(path, { method: 'PUT', token, json: { hours } });
    const week = [
      { weekday: 2, opens: '08:00', closes: '14:00' },
      { weekday: 6, opens: '09:30', closes: '13:00' },
    ];
    const ok = await put(tokens.otherAdmin, week);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.stylists[0].hours, week);
    const detail = await app.fetch(`/api/instudio/salons/${salon.id}`);
    assert.deepEqual(detail.body.stylists[0].hours, week, 'the public salon shows them');
    assert.deepEqual((await outboxChanges(salon.id)).slice(-2), ['stylist.upserted', 'stylist.upserted']);
    const bad = await put(tokens.otherAdmin, [{ weekday: 1, opens: '18:00', closes: '09:00' }]);
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.errors?.[0]?.field, 'body.hours.0.closes');
    assert.equal((await put(tokens.client, week)).status, 403);
    assert.equal((await put(undefined, week)).status, 401);
    const elsewhere = await newSalon();
    const foreign = `/api/instudio/salons/${elsewhere.id}/stylists/${stylist.body.id}/hours`;
    assert.equal(
      (await app.fetch(foreign, { method: 'PUT', token: tokens.otherAdmin, json: { hours: [] } })).status,
      404,
    );
    const cleared = await put(tokens.otherAdmin, []);
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual(cleared.body.stylists[0].hours, [], "empty: the salon's hours");
  });

  it('refuses writes from clients, anonymous callers and admins of other salons', async () => {
    const salon = await newSalon();
    const body = { name: 'x', address: 'y', district: 'z', phone: '1', adminUserId: otherAdminId };
    assert.equal((await app.fetch('/api/instudio/salons', { token: tokens.client, json: body })).status, 403);
    assert.equal((await app.fetch('/api/instudio/salons', { token: tokens.otherAdmin, json: body })).status, 403);
    assert.equal((await app.fetch('/api/instudio/salons', { json: body })).status, 401);
    const patch = (token: string) =>
      app.fetch(`/api/instudio/salons/${salon.id}`, { method: 'PATCH', token, json: { name: 'Hijacked' } });
    const asClient = await patch(tokens.client);
    assert.equal(asClient.status, 403);
    assert.match(asClient.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal((await patch(tokens.demoAdmin)).status, 403, 'the demo admin does not own this salon');
    const service = { name: 'x', subcategory: 'hair', durationMinutes: 30, priceCents: 100 };
    const addService = await app.fetch(`/api/instudio/salons/${MIRAFLORES}/services`, {
      token: tokens.otherAdmin,
      json: service,
    });
    assert.equal(addService.status, 403);
    assert.equal((await patch(tokens.platform)).status, 200, 'a platform admin may change any salon');
    const reassign = await app.fetch(`/api/instudio/salons/${salon.id}`, {
      method: 'PATCH',
      token: tokens.otherAdmin,
      json: { adminUserId: randomUUID() },
    });
    assert.equal(reassign.status, 403, 'only a platform admin hands a salon to another admin');
    assert.equal((await app.fetch(`/api/instudio/salons/${salon.id}`)).body.name, 'Hijacked');
  });

  it('searches by district, category and text, with pagination', async () => {
    const miraflores = await app.fetch('/api/instudio/salons?district=miraflores');
    assert.equal(miraflores.status, 200, miraflores.text);
    assert.deepEqual(
      miraflores.body.items.map((s: { id: string }) => s.id),
      [MIRAFLORES],
    );
    const spa = await app.fetch('/api/instudio/salons?category=spa');
    assert.deepEqual(
      spa.body.items.map((s: { district: string }) => s.district),
      ['San Isidro'],
    );
    assert.ok(spa.body.items[0].categories.includes('waxing'));
    const text = await app.fetch(`/api/instudio/salons?q=${encodeURIComponent('beauty bar')}`);
    assert.deepEqual(
      text.body.items.map((s: { district: string }) => s.district),
      ['Barranco'],
    );
    const byService = await app.fetch(`/api/instudio/salons?q=${encodeURIComponent('masaje')}`);
    assert.deepEqual(
      byService.body.items.map((s: { district: string }) => s.district),
      ['San Isidro'],
    );
    const none = await app.fetch('/api/instudio/salons?district=Miraflores&category=spa');
    assert.deepEqual(none.body, { items: [], total: 0, page: 1, pageSize: 20 });
    const page = await app.fetch('/api/instudio/salons?pageSize=1&page=2');
    assert.equal(page.body.items.length, 1);
    assert.ok(page.body.total >= 3);
    assert.equal(page.body.page, 2);
  });

  it('shows a change in search results at once although searches are cached', async () => {
    const name = `Cacheado ${randomUUID().slice(0, 6)}`;
    const salon = await newSalon(otherAdminId, name);
    const before = await app.fetch(`/api/instudio/salons?q=${encodeURIComponent(name)}`);
    assert.equal(before.body.total, 1);
    const renamed = `Renombrado ${randomUUID().slice(0, 6)}`;
    const patch = await app.fetch(`/api/instudio/salons/${salon.id}`, {
      method: 'PATCH',
      token: tokens.otherAdmin,
      json: { name: renamed },
    });
    assert.equal(patch.status, 200, patch.text);
    assert.equal((await app.fetch(`/api/instudio/salons?q=${encodeURIComponent(name)}`)).body.total, 0);
    assert.equal((await app.fetch(`/api/instudio/salons?q=${encodeURIComponent(renamed)}`)).body.total, 1);
    assert.equal((await app.fetch(`/api/instudio/salons/${salon.id}`)).body.name, renamed);
  });

  it('answers bad input with a 4xx problem naming the field, never a 500', async () => {
    const salon = await newSalon();
    const cases: { path: string; method?: string; json?: unknown; token?: string; status: number; field?: string }[] = [
      { path: '/api/instudio/salons/not-a-uuid', status: 400, field: 'params.id' },
      { path: `/api/instudio/salons/${randomUUID()}`, status: 404 },
      { path: '/api/instudio/salons?category=tattoo', status: 400, field: 'query.category' },
      { path: '/api/instudio/salons?page=0', status: 400, field: 'query.page' },
      { path: '/api/instudio/salons?pageSize=1000', status: 400, field: 'query.pageSize' },
      {
        path: '/api/instudio/salons',
        token: tokens.platform,
        json: { name: 'x', address: 'y', district: 'z', phone: '1', adminUserId: 'nope' },
        status: 400,
        field: 'body.adminUserId',
      },
      {
        path: '/api/instudio/salons',
        token: tokens.platform,
        json: { name: 'x', address: 'y', district: 'z', phone: '1', adminUserId: otherAdminId, timezone: 'Mars/Base' },
        status: 400,
        field: 'body.timezone',
      },
      {
        path: `/api/instudio/salons/${salon.id}/services`,
        token: tokens.otherAdmin,
        json: { name: 'Corte', subcategory: 'hair', durationMinutes: -5, priceCents: 100 },
        status: 400,
        field: 'body.durationMinutes',
      },
      {
        path: `/api/instudio/salons/${salon.id}/services`,
        token: tokens.otherAdmin,
        json: { name: 'Corte', subcategory: 'hair', durationMinutes: 30, priceCents: 10.5 },
        status: 400,
        field: 'body.priceCents',
      },
      {
        path: `/api/instudio/salons/${salon.id}/stylists`,
        token: tokens.otherAdmin,
        json: { name: 'Ana', serviceIds: [randomUUID()] },
        status: 400,
        field: 'body.serviceIds',
      },
      {
        path: `/api/instudio/salons/${salon.id}/hours`,
        method: 'PUT',
        token: tokens.otherAdmin,
        json: { hours: [{ weekday: 1, opens: '18:00', closes: '09:00' }] },
        status: 400,
        field: 'body.hours.0.closes',
      },
      {
        path: `/api/instudio/salons/${salon.id}/hours`,
        method: 'PUT',
        token: tokens.otherAdmin,
        json: { hours: [{ weekday: 7, opens: '25:00', closes: '09:00' }] },
        status: 400,
        field: 'body.hours.0.weekday',
      },
      {
        path: `/api/instudio/salons/${salon.id}`,
        method: 'PATCH',
        token: tokens.otherAdmin,
        json: {},
        status: 400,
        field: 'body',
      },
      {
        path: `/api/instudio/salons/${randomUUID()}`,
        method: 'PATCH',
        token: tokens.platform,
        json: { name: 'Nadie' },
        status: 404,
      },
    ];
    for (const c of cases) {
      const r = await app.fetch(c.path, { method: c.method, json: c.json, token: c.token });
      assertProblem(r, c, `${c.method ?? 'GET'} ${c.path}`);
    }
  });
});
