import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommissionRules } from '../src/domain/commission.rules';
import { EventInputRules } from '../src/domain/event-input.rules';
import { EventSizePolicy } from '../src/domain/event-size.policy';

const DAY_MS = 86_400_000;

describe('MusicFest event rules', () => {
  const pricing = new CommissionRules();

  it('takes 3% of the final price as commission, rounded half up', () => {
    assert.equal(pricing.percent, 3);
    assert.equal(pricing.commission(10_000), 300);
    assert.equal(pricing.commission(9_050), 272, '271.5 rounds up');
    assert.equal(pricing.commission(9_049), 271, '271.47 rounds down');
    assert.equal(pricing.commission(0), 0);
  });

  it('applies the discount before the commission, rounding the final price half up', () => {
    assert.deepEqual(pricing.price(25_000, 10), { finalPrice: 22_500, commission: 675 });
    assert.deepEqual(pricing.price(999, 50), { finalPrice: 500, commission: 15 }, '499.5 rounds up');
    assert.deepEqual(pricing.price(5_000, 100), { finalPrice: 0, commission: 0 });
  });

  it('fixes seats and hosting fee by size, from small to massive', () => {
    const sizes = new EventSizePolicy();
    assert.deepEqual(
      (['small', 'medium', 'large', 'massive'] as const).map((s) => [sizes.maxSeats(s), sizes.hostingFee(s)]),
      [
        [500, 30_000],
        [5_000, 120_000],
        [20_000, 400_000],
        [200_000, 1_000_000],
      ],
    );
    assert.equal(sizes.smallestFor(501), 'medium');
    assert.equal(sizes.smallestFor(200_001), undefined);
  });

  it('names each inconsistent field of an event', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
    const type = (name: string, quantity: number, end = at(9)) => ({
      name,
      quantity,
      salesStartAt: at(0),
      salesEndAt: end,
    });
    const rules = new EventInputRules();
    const ok = rules.check(
      { startsAt: at(10), purchaseDeadline: at(9), size: 'small', ticketTypes: [type('A', 400), type('B', 100)] },
      now,
      { requireFuture: true },
    );
    assert.deepEqual(ok, []);
    const bad = rules.check(
      {
        startsAt: at(-1),
        purchaseDeadline: at(2),
        size: 'small',
        ticketTypes: [type('A', 400, at(3)), type('a', 101, at(1))],
      },
      now,
      { requireFuture: true },
    );
    assert.deepEqual(bad.map((i) => i.field).sort(), [
      'body.purchaseDeadline',
      'body.startsAt',
      'body.ticketTypes',
      'body.ticketTypes.0.salesEndAt',
      'body.ticketTypes.1.name',
    ]);
  });
});
