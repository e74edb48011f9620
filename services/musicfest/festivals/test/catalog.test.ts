import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DisponibilidadActualizada } from '@coordina/musicfest-ticketing/contracts';
import { sql } from '@coordina/platform';
import { eventually, type TestApp } from '@coordina/platform/testing';
import { festivalsService } from '../src';
import { DemoEvents } from '../src/demo';
import { EventsFixture, type TestUser } from './events.fixture';

describe('MusicFest catalog: order, search, pages, cache and demo events', () => {
  let app: TestApp;
  let f: EventsFixture;
  let manager: TestUser;
  /** A word only this run's catalog events carry, to scope listings. */
  const tag = `t${randomUUID().slice(0, 8)}`;
  const names: Record<string, { id: string; name: string }> = {};
  /** The availability test's own event, under another tag. */
  const delta = { id: '', tag: `a${randomUUID().slice(0, 8)}` };

  before(async () => {
    f = await EventsFixture.withPayments();
    app = f.app;
    manager = await f.user(['manager']);
    // Bravo: deadline soonest, most seats. Alpha: middle. Charlie: latest deadline, fewest seats.
    const specs = [
      { key: 'alpha', deadline: 20, seats: 100, organizer: 'Productora Uno' },
      { key: 'bravo', deadline: 10, seats: 300, organizer: `Sonidos ${tag}` },
      { key: 'charlie', deadline: 25, seats: 50, organizer: 'Productora Dos' },
    ];
    await Promise.all([
      ...specs.map(async (s) => {
        const name = s.key === 'bravo' ? 'Bravo Fest' : `${s.key[0]?.toUpperCase()}${s.key.slice(1)} ${tag}`;
        // One instant for both: two calls a millisecond apart would put the sales end after the deadline.
        const deadline = f.at(s.deadline);
        const view = await f.published(manager, {
          name,
          organizer: s.organizer,
          purchaseDeadline: deadline,
          ticketTypes: [
            {
              name: 'General',
              price: 5_000,
              discountPercent: 0,
              quantity: s.seats,
              salesStartAt: f.at(-1),
              salesEndAt: deadline,
            },
          ],
        });
        names[s.key] = { id: view.id, name };
      }),
      (async () => {
        const deadline = f.at(28);
        const view = await f.published(manager, {
          name: `Delta ${delta.tag}`,
          purchaseDeadline: deadline,
          ticketTypes: [
            {
              name: 'General',
              price: 5_000,
              discountPercent: 0,
              quantity: 50,
              salesStartAt: f.at(-1),
              salesEndAt: deadline,
            },
          ],
        });
        delta.id = view.id;
      })(),
    ]);
  });
  after(() => app?.close());

  const list = (query: string) => app.fetch(`/api/musicfest/events?q=${tag}&${query}`);
  const keysOf = (body: { items: { id: string }[] }) =>
    body.items.map((e) => Object.entries(names).find(([, v]) => v.id === e.id)?.[0]);

  it('orders by purchase deadline by default, soonest first', async () => {
    const r = await list('');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(keysOf(r.body), ['bravo', 'alpha', 'charlie']);
  });

  it('orders by seats left (most first) or by name', async () => {
    assert.deepEqual(keysOf((await list('sort=seats')).body), ['bravo', 'alpha', 'charlie']);
    const bySeats = (await list('sort=seats')).body.items.map((e: { seatsLeft: number }) => e.seatsLeft);
    assert.deepEqual(bySeats, [300, 100, 50]);
    assert.deepEqual(keysOf((await list('sort=name')).body), ['alpha', 'bravo', 'charlie']);
    assert.equal((await list('sort=price')).status, 400);
  });

  it('searches event names and organizer names, case-insensitively', async () => {
    const byEvent = await app.fetch(`/api/musicfest/events?q=${encodeURIComponent(`ALPHA ${tag.toUpperCase()}`)}`);
    assert.deepEqual(keysOf(byEvent.body), ['alpha']);
    const byOrganizer = await app.fetch(`/api/musicfest/events?q=${encodeURIComponent(`sonidos ${tag}`)}`);
    assert.deepEqual(keysOf(byOrganizer.body), ['bravo'], 'Bravo Fest matches through its organizer only');
    const wildcard = await app.fetch('/api/musicfest/events?q=%25');
    assert.equal(wildcard.body.total, 0, 'a % is searched as text');
  });

  it('paginates with a total', async () => {
    const first = await list('pageSize=2&page=1');
    assert.equal(first.body.total, 3);
    assert.equal(first.body.items.length, 2);
    assert.equal(first.body.pageSize, 2);
    const second = await list('pageSize=2&page=2');
    assert.deepEqual(keysOf(second.body), ['charlie']);
    assert.equal((await list('pageSize=101')).status, 400);
  });

  it('shows an availability update in the listing and the detail, and never lets an older one overwrite it', async () => {
    // Its own event (its own tag, outside the listings above), so no other test sees or moves its counts.
    const ctx = app.contexts.get('musicfest-festivals');
    assert.ok(ctx);
    const listed = async () =>
      (await app.fetch(`/api/musicfest/events?q=${delta.tag}`)).body.items.find(
        (e: { id: string }) => e.id === delta.id,
      )?.seatsLeft;
    const general = (await f.get(delta.id)).body.ticketTypes[0];
    const stored = async () =>
      (
        await sql<{ seatsLeft: number; sequence: number }>`SELECT seats_left AS "seatsLeft",
          availability_sequence::int AS sequence FROM ticket_types WHERE id = ${general.id}`.execute(ctx.db.db)
      ).rows[0];
    assert.equal(await listed(), 50, 'cached before the update');
    const update = (seatsLeft: number, sequence: number) =>
      f.publish(DisponibilidadActualizada, {
        eventId: delta.id,
        ticketTypeId: general.id,
        seatsLeft,
        sold: 50 - seatsLeft,
        waitlisted: 0,
        sequence,
        at: new Date().toISOString(),
      });
    await update(7, 5);
    await eventually(async () => (await listed()) === 7);
    assert.equal((await f.get(delta.id)).body.seatsLeft, 7, 'the detail too');

    // An older report, delivered after the newer one was applied: once the consumer has handled
    // it (its inbox row commits with the handler's writes), the newer count must still stand.
    const stale = await update(30, 4);
    await eventually(() => f.handled('musicfest-festivals.availability', stale));
    assert.deepEqual(await stored(), { seatsLeft: 7, sequence: 5 }, 'sequence 4 came too late to count');
    assert.equal((await f.get(delta.id)).body.ticketTypes[0].seatsLeft, 7);
    assert.equal(await listed(), 7);

    await update(6, 6);
    await eventually(async () => (await f.get(delta.id)).body.seatsLeft === 6);
    assert.deepEqual(await stored(), { seatsLeft: 6, sequence: 6 }, 'a newer report still counts');
  });

  it('seeds the demo events, published with their inventory announced', async () => {
    const jazz = await f.get(DemoEvents.jazzNight.id);
    assert.equal(jazz.status, 200, jazz.text);
    assert.equal(jazz.body.status, 'PUBLISHED');
    assert.equal(jazz.body.managerId, DemoEvents.managerId);
    assert.deepEqual(
      jazz.body.ticketTypes.map((t: { id: string; name: string; quantity: number }) => [t.id, t.name, t.quantity]),
      [[DemoEvents.jazzNight.ticketTypes.general, 'General', 100]],
    );
    for (const demo of [DemoEvents.limaRockFest, DemoEvents.jazzNight, DemoEvents.cumbiaFest]) {
      const announced = (await f.outbox(demo.id)).filter((e) => e.topic === 'evento.publicado');
      assert.equal(announced.length, 1, demo.name);
      const days = (new Date((await f.get(demo.id)).body.startsAt).getTime() - Date.now()) / 86_400_000;
      assert.ok(days >= 19 && days <= 91, `${demo.name} starts ${days} days ahead`);
    }
    const seededAgain = app.contexts.get('musicfest-festivals');
    assert.ok(seededAgain && festivalsService.seed);
    await festivalsService.seed(seededAgain);
    assert.equal(
      (await f.outbox(DemoEvents.jazzNight.id)).filter((e) => e.topic === 'evento.publicado').length,
      1,
      'seeding again changes nothing',
    );
    const demoManager = await f.user(['manager'], DemoEvents.managerId);
    const mine = await app.fetch('/api/musicfest/manager/events', { token: demoManager.token });
    assert.equal(mine.body.total, 3);
  });
});
