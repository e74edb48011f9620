import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SalonDetail } from '@coordina/instudio-salons/contracts';
import { SlotRules } from '../src/domain/slot.rules';
import { ZonedTime } from '../src/domain/zoned-time';

const SERVICE = '20000000-0000-4000-8000-000000000001';
const ANA = '30000000-0000-4000-8000-000000000001';
const everyDay = (opens: string, closes: string) =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens, closes }));

function salon(timezone: string, opens: string, closes: string): SalonDetail {
  return {
    id: '10000000-0000-4000-8000-000000000009',
    name: 'Night owls',
    address: 'a',
    district: 'Barranco',
    phone: 'p',
    description: '',
    timezone,
    ratingAvg: 0,
    ratingCount: 0,
    adminUserId: '00000000-0000-4000-8000-000000000002',
    services: [{ id: SERVICE, name: 'Corte', subcategory: 'hair', durationMinutes: 60, priceCents: 5000 }],
    stylists: [{ id: ANA, name: 'Ana', serviceIds: [SERVICE], hours: [] }],
    hours: everyDay(opens, closes),
  };
}

const past = new Date('2000-01-01T00:00:00Z');
const hhmm = (zone: ZonedTime, d: Date) => zone.format(d).slice(11, 16);

describe('availability across midnight and time zones', () => {
  const rules = new SlotRules(15);

  it('offers a Lima evening (19:00-23:59) whose slots fall on the next UTC day, under the local date', () => {
    const lima = new ZonedTime('America/Lima');
    const slots = rules.free(salon('America/Lima', '19:00', '23:59'), SERVICE, '2030-03-04', [], past);
    assert.equal(slots[0]?.start.toISOString(), '2030-03-05T00:00:00.000Z', '19:00 Lima is midnight UTC');
    assert.equal(hhmm(lima, slots.at(-1)?.start ?? past), '22:45', 'the last 60-minute slot ends by 23:59');
    for (const s of slots) assert.equal(lima.local(s.start).date, '2030-03-04');
    assert.ok(slots.every((s) => s.start.toISOString().startsWith('2030-03-05')));
  });

  it('accepts a booking at 23:00 Lima on the local weekday though UTC has moved to the next day', () => {
    const monday = salon('America/Lima', '19:00', '23:59');
    monday.hours = [{ weekday: 1, opens: '19:00', closes: '23:59' }];
    const ok = rules.check(
      monday,
      { serviceId: SERVICE, stylistId: ANA, start: new Date('2030-03-05T03:45:00Z') },
      past,
    );
    assert.ok(ok.ok, 'Monday 22:45 in Lima is Tuesday 03:45 UTC');
    const late = rules.check(
      monday,
      { serviceId: SERVICE, stylistId: ANA, start: new Date('2030-03-05T04:00:00Z') },
      past,
    );
    assert.ok(!late.ok && late.problem.code === 'OUTSIDE_HOURS', 'a 23:00 start would end after 23:59');
  });

  it('finds a booking made the previous UTC day busy for a Lima evening slot', () => {
    const busy = [{ stylistId: ANA, start: new Date('2030-03-05T01:00:00Z'), end: new Date('2030-03-05T02:00:00Z') }];
    const lima = new ZonedTime('America/Lima');
    const slots = rules.free(salon('America/Lima', '19:00', '23:59'), SERVICE, '2030-03-04', busy, past);
    const times = slots.map((s) => hhmm(lima, s.start));
    for (const t of ['19:15', '19:30', '19:45', '20:00', '20:15', '20:30', '20:45']) assert.ok(!times.includes(t), t);
    assert.ok(times.includes('19:00') && times.includes('21:00'));
  });

  it('keeps Lima at -05:00 in January and July (no DST)', () => {
    const s = salon('America/Lima', '09:00', '12:00');
    const jan = rules.free(s, SERVICE, '2030-01-15', [], past)[0]?.start.toISOString();
    const jul = rules.free(s, SERVICE, '2030-07-15', [], past)[0]?.start.toISOString();
    assert.equal(jan, '2030-01-15T14:00:00.000Z');
    assert.equal(jul, '2030-07-15T14:00:00.000Z');
  });

  it('follows a DST change: 09:00 New York is 14:00 UTC the day before spring forward and 13:00 UTC on it', () => {
    const s = salon('America/New_York', '09:00', '12:00');
    const ny = new ZonedTime('America/New_York');
    const before = rules.free(s, SERVICE, '2030-03-09', [], past);
    const on = rules.free(s, SERVICE, '2030-03-10', [], past);
    assert.equal(before[0]?.start.toISOString(), '2030-03-09T14:00:00.000Z');
    assert.equal(on[0]?.start.toISOString(), '2030-03-10T13:00:00.000Z');
    assert.equal(ny.format(on[0]?.start ?? past), '2030-03-10T09:00:00-04:00');
    assert.equal(on.length, before.length, 'the same local hours give the same number of slots');
  });

  it('puts a Tokyo morning on the previous UTC day', () => {
    const slots = rules.free(salon('Asia/Tokyo', '08:00', '10:00'), SERVICE, '2030-03-04', [], past);
    assert.equal(slots[0]?.start.toISOString(), '2030-03-03T23:00:00.000Z');
  });
});

describe('lead time', () => {
  const s = salon('America/Lima', '09:00', '19:00');
  const now = new Date('2030-03-04T15:05:00Z'); // 10:05 in Lima

  it('offers no slot starting sooner than the lead time', () => {
    const lima = new ZonedTime('America/Lima');
    const first = (lead: number) =>
      hhmm(lima, new SlotRules(15, lead).free(s, SERVICE, '2030-03-04', [], now)[0]?.start ?? past);
    assert.equal(first(0), '10:15');
    assert.equal(first(60), '11:15');
    assert.equal(first(10), '10:15', '10:15 is exactly ten minutes ahead');
  });

  it('refuses a booking inside the lead time as TOO_SOON and accepts one right after it', () => {
    const rules = new SlotRules(15, 60);
    const at = (iso: string) => rules.check(s, { serviceId: SERVICE, stylistId: ANA, start: new Date(iso) }, now);
    const soon = at('2030-03-04T16:00:00Z');
    assert.ok(!soon.ok && soon.problem.code === 'TOO_SOON' && /60 minutes/.test(soon.problem.message));
    assert.ok(at('2030-03-04T16:05:00Z').ok);
    const past2 = at('2030-03-04T15:00:00Z');
    assert.ok(!past2.ok && past2.problem.code === 'IN_THE_PAST');
  });

  it('with a lead time of 0 accepts any future minute inside the hours', () => {
    const r = new SlotRules(15, 0).check(
      s,
      { serviceId: SERVICE, stylistId: ANA, start: new Date('2030-03-04T15:05:30Z') },
      now,
    );
    assert.ok(r.ok);
  });
});
