import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cartTotals } from '../src/domain/cart-totals';
import { canTransition } from '../src/domain/order.state-machine';

describe('GameVault cart totals: base prices, discount, IGV 18%', () => {
  it('sums the lines and adds 18% IGV', () => {
    assert.deepEqual(
      cartTotals([
        { unitPriceCents: 10_000, quantity: 2 },
        { unitPriceCents: 5_990, quantity: 1 },
      ]),
      { currency: 'PEN', subtotalCents: 25_990, discountCents: 0, igvCents: 4_678, totalCents: 30_668 },
    );
  });

  it('is all zeros for an empty cart', () => {
    assert.deepEqual(cartTotals([]), {
      currency: 'PEN',
      subtotalCents: 0,
      discountCents: 0,
      igvCents: 0,
      totalCents: 0,
    });
  });

  it('rounds the IGV half up to the cent, once for the whole order', () => {
    // 18% of 25 cents is 4.5 → 5; of 24 cents 4.32 → 4; of 3 × 1 cent 0.54 → 1 (not 3 × 0).
    assert.equal(cartTotals([{ unitPriceCents: 25, quantity: 1 }]).igvCents, 5);
    assert.equal(cartTotals([{ unitPriceCents: 24, quantity: 1 }]).igvCents, 4);
    assert.equal(cartTotals([{ unitPriceCents: 1, quantity: 3 }]).igvCents, 1);
    assert.equal(cartTotals([{ unitPriceCents: 1, quantity: 2 }]).igvCents, 0);
  });

  it('takes the discount off before the tax, never below zero', () => {
    const lines = [{ unitPriceCents: 10_000, quantity: 1 }];
    assert.deepEqual(cartTotals(lines, 2_000), {
      currency: 'PEN',
      subtotalCents: 10_000,
      discountCents: 2_000,
      igvCents: 1_440,
      totalCents: 9_440,
    });
    assert.equal(cartTotals(lines, 50_000).totalCents, 0, 'a discount above the subtotal is capped');
    assert.equal(cartTotals(lines, 50_000).discountCents, 10_000);
    assert.equal(cartTotals(lines, -5).discountCents, 0);
  });

  it('keeps integer cents for large carts', () => {
    const t = cartTotals([{ unitPriceCents: 99_999_999, quantity: 10 }]);
    assert.ok(Number.isSafeInteger(t.totalCents));
    assert.equal(t.totalCents, t.subtotalCents + t.igvCents);
  });
});

describe('GameVault order state machine', () => {
  it('pays only after the stock is reserved, and cancels only before it is fulfilled', () => {
    assert.equal(canTransition('PENDING', 'reserve'), true);
    assert.equal(canTransition('PENDING', 'pay'), false);
    assert.equal(canTransition('AWAITING_PAYMENT', 'pay'), true);
    assert.equal(canTransition('AWAITING_PAYMENT', 'cancel'), true);
    // Paid but not fulfilled (no keys left): the saga compensates and cancels (decision 0065).
    assert.equal(canTransition('PAID', 'cancel'), true);
    assert.equal(canTransition('FULFILLED', 'cancel'), false);
    assert.equal(canTransition('SHIPPED', 'cancel'), false);
    assert.equal(canTransition('CANCELLED', 'reserve'), false);
  });
});
