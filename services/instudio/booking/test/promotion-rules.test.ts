import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromotionRules, type PromotionTerms } from '../src/domain/promotion.rules';
import { ZonedTime } from '../src/domain/zoned-time';

const CUT = '20000000-0000-4000-8000-000000000001';
const DYE = '20000000-0000-4000-8000-000000000002';
const lima = new ZonedTime('America/Lima');
/** 2030-03-04 is a Monday (weekday 1). */
const at = (date: string, hhmm: string) =>
  lima.local(lima.toInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))));

const promo = (over: Partial<PromotionTerms> = {}): PromotionTerms => ({
  id: '40000000-0000-4000-8000-000000000001',
  discountPercent: 20,
  serviceIds: [CUT],
  validFrom: '2030-03-01',
  validTo: '2030-03-31',
  weekdays: [1, 2],
  startTime: '09:00',
  endTime: '12:00',
  ...over,
});

describe('promotion rules', () => {
  const rules = new PromotionRules();

  it('applies to a listed service on a listed weekday, inside the dates and from startTime up to endTime', () => {
    assert.equal(rules.applies(promo(), CUT, at('2030-03-04', '09:00')), true);
    assert.equal(rules.applies(promo(), CUT, at('2030-03-04', '11:59')), true);
    assert.equal(rules.applies(promo(), CUT, at('2030-03-04', '12:00')), false, 'endTime is exclusive');
    assert.equal(rules.applies(promo(), CUT, at('2030-03-04', '08:45')), false);
    assert.equal(rules.applies(promo(), DYE, at('2030-03-04', '10:00')), false, 'service not listed');
    assert.equal(rules.applies(promo(), CUT, at('2030-03-06', '10:00')), false, 'Wednesday not listed');
  });

  it('counts validFrom and validTo as whole local days, inclusive', () => {
    const p = promo({ validFrom: '2030-03-04', validTo: '2030-03-04', weekdays: [0, 1, 2, 3, 4, 5, 6] });
    assert.equal(rules.applies(p, CUT, at('2030-03-04', '09:00')), true);
    assert.equal(rules.applies(p, CUT, at('2030-03-03', '10:00')), false);
    assert.equal(rules.applies(p, CUT, at('2030-03-05', '10:00')), false);
  });

  it("reads date, weekday and hour in the salon's zone, not in UTC", () => {
    // 20:00 in Lima on Sunday 2030-03-03 is 01:00 UTC on Monday.
    const sundayEvening = at('2030-03-03', '20:00');
    assert.equal(sundayEvening.weekday, 0);
    const evenings = promo({ weekdays: [0], startTime: '19:00', endTime: '23:00' });
    assert.equal(rules.applies(evenings, CUT, sundayEvening), true);
    assert.equal(
      rules.applies(promo({ weekdays: [1], startTime: '00:00', endTime: '02:00' }), CUT, sundayEvening),
      false,
    );
  });

  it('ignores a disabled promotion', () => {
    assert.equal(rules.applies(promo({ active: false }), CUT, at('2030-03-04', '10:00')), false);
  });

  it('picks the single best discount and rounds the price to the cent', () => {
    const small = promo({ id: '40000000-0000-4000-8000-000000000001', discountPercent: 10 });
    const big = promo({ id: '40000000-0000-4000-8000-000000000002', discountPercent: 35 });
    const other = promo({ id: '40000000-0000-4000-8000-000000000003', discountPercent: 50, serviceIds: [DYE] });
    const priced = rules.price(6000, [small, big, other], CUT, at('2030-03-04', '10:00'));
    assert.deepEqual(priced, { price: 3900, listPrice: 6000, promotionId: big.id, discountPercent: 35 });
    assert.equal(rules.discounted(4999, 15), 4249, '4249.15 rounds down');
    assert.equal(rules.discounted(4990, 15), 4242, '4241.5 rounds up');
  });

  it('keeps the list price without a promotion', () => {
    assert.deepEqual(rules.price(6000, [promo()], CUT, at('2030-03-04', '15:00')), {
      price: 6000,
      listPrice: 6000,
      promotionId: null,
      discountPercent: 0,
    });
  });

  it('breaks a tie between equal discounts by id, so the choice is stable', () => {
    const a = promo({ id: '40000000-0000-4000-8000-00000000000b' });
    const b = promo({ id: '40000000-0000-4000-8000-00000000000a' });
    assert.equal(rules.best([a, b], CUT, at('2030-03-04', '10:00'))?.id, b.id);
  });
});
