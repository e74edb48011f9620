import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SalonDetail } from '@coordina/instudio-salons/contracts';
import fc from 'fast-check';
import { PromotionRules, type PromotionTerms } from '../src/domain/promotion.rules';
import { SlotRules } from '../src/domain/slot.rules';
import { ZonedTime } from '../src/domain/zoned-time';
import { salonDetail } from './salon-detail.fixture';

/** Property-based tests (fast-check) of the pure booking rules: slot generation and prices. */

const SERVICE = '20000000-0000-4000-8000-000000000001';
const STYLISTS = ['30000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000002'];
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** A working window on the quarter hour, in minutes since midnight. */
const window = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }))
  .map(([a, len]) => ({ opens: a * 15, closes: Math.min(a * 15 + len * 15, 24 * 60 - 1) }));

const arbitrarySalon = fc
  .record({
    timezone: fc.constantFrom('America/Lima', 'Europe/Madrid', 'America/New_York', 'Asia/Kathmandu'),
    salon: window,
    own: fc.array(fc.option(window, { nil: undefined }), { minLength: 2, maxLength: 2 }),
    duration: fc.integer({ min: 1, max: 16 }).map((q) => q * 15),
  })
  .map(
    ({ timezone, salon, own, duration }): SalonDetail =>
      salonDetail({
        timezone,
        services: [{ id: SERVICE, name: 'Cut', subcategory: 'hair', durationMinutes: duration, priceCents: 5000 }],
        stylists: STYLISTS.map((id, i) => {
          const w = own[i];
          return {
            id,
            name: `S${i}`,
            serviceIds: [SERVICE],
            hours: w
              ? [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: hhmm(w.opens), closes: hhmm(w.closes) }))
              : [],
          };
        }),
        hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
          weekday,
          opens: hhmm(salon.opens),
          closes: hhmm(salon.closes),
        })),
      }),
  );

/** Dates around DST changes of the zones above, and ordinary ones. */
const date = fc.constantFrom('2030-03-10', '2030-03-31', '2030-10-27', '2030-11-03', '2030-06-12', '2030-01-15');

describe('slot generation (properties)', () => {
  it('offers only slots a booking request would accept, clear of every busy interval, and all of them', () => {
    fc.assert(
      fc.property(
        arbitrarySalon,
        date,
        fc.array(
          fc.record({
            stylist: fc.constantFrom(...STYLISTS),
            startQ: fc.integer({ min: 0, max: 95 }),
            lenQ: fc.integer({ min: 1, max: 12 }),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: -36, max: 36 }),
        (salon, day, busySpec, lead, nowHours) => {
          const rules = new SlotRules(15, lead);
          const zone = new ZonedTime(salon.timezone);
          const midnight = zone.toInstant(day, 0).getTime();
          const now = new Date(midnight + nowHours * 3_600_000);
          const busy = busySpec.map((b) => ({
            stylistId: b.stylist,
            start: new Date(midnight + b.startQ * 15 * 60_000),
            end: new Date(midnight + (b.startQ + b.lenQ) * 15 * 60_000),
          }));
          const free = rules.free(salon, SERVICE, day, busy, now);
          const key = (s: { stylistId: string; start: Date }) => `${s.stylistId}@${s.start.toISOString()}`;
          const offered = new Set(free.map(key));
          for (const slot of free) {
            const check = rules.check(salon, { serviceId: SERVICE, stylistId: slot.stylistId, start: slot.start }, now);
            assert.ok(check.ok, `offered ${key(slot)} is refused: ${!check.ok && check.problem.code}`);
            assert.equal(check.interval.end.getTime(), slot.end.getTime());
            assert.equal(zone.local(slot.start).date, day, 'a slot starts on the day asked for');
            assert.ok(
              !busy.some((b) => b.stylistId === slot.stylistId && b.start < slot.end && slot.start < b.end),
              `offered ${key(slot)} overlaps a busy interval`,
            );
          }
          // Completeness: every quarter hour of the day that a request would get and that is clear is offered.
          for (const stylistId of STYLISTS) {
            for (let m = 0; m < 24 * 60; m += 15) {
              const start = zone.toInstant(day, m);
              if (zone.local(start).minutes !== m) continue; // a wall-clock time a DST gap skips
              const check = rules.check(salon, { serviceId: SERVICE, stylistId, start }, now);
              if (!check.ok) continue;
              const { end } = check.interval;
              const clear = !busy.some((b) => b.stylistId === stylistId && b.start < end && start < b.end);
              if (clear)
                assert.ok(offered.has(key({ stylistId, start })), `${stylistId}@${hhmm(m)} is free but not offered`);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

const promotion = fc.record({
  id: fc.uuid(),
  discountPercent: fc.integer({ min: 1, max: 100 }),
  serviceIds: fc.constantFrom([SERVICE], ['other'], [SERVICE, 'other']),
  validFrom: fc.constantFrom('2030-01-01', '2030-03-04', '2030-03-05'),
  validTo: fc.constantFrom('2030-03-03', '2030-03-04', '2030-12-31'),
  weekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6]),
  startTime: fc.constantFrom('00:00', '09:00', '12:00'),
  endTime: fc.constantFrom('10:00', '12:00', '23:59'),
  active: fc.boolean(),
}) as fc.Arbitrary<PromotionTerms>;

describe('promotion pricing (properties)', () => {
  const rules = new PromotionRules();
  const start = { date: '2030-03-04', weekday: 1, minutes: 9 * 60 + 30 };

  it('charges the list price less the best applicable discount, whatever the promotions order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc
          .array(promotion, { maxLength: 8 })
          .chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length }))),
        (list, [promotions, shuffled]) => {
          const priced = rules.price(list, promotions, SERVICE, start);
          assert.ok(Number.isInteger(priced.price) && priced.price >= 0 && priced.price <= list);
          const applicable = promotions.filter((p) => rules.applies(p, SERVICE, start));
          const best = Math.max(0, ...applicable.map((p) => p.discountPercent));
          assert.equal(priced.discountPercent, best);
          assert.ok(Math.abs(priced.price - (list * (100 - best)) / 100) <= 0.5, 'rounded to the cent');
          assert.equal(priced.promotionId === null, applicable.length === 0);
          assert.deepEqual(rules.price(list, shuffled, SERVICE, start), priced);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never charges more for a bigger discount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (list, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          assert.ok(rules.discounted(list, hi) <= rules.discounted(list, lo));
        },
      ),
    );
  });
});
