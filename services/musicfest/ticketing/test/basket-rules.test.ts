import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCodes } from '@coordina/platform';
import { ticketingService } from '../src';
import { BasketRules, type SellableEvent, type SellableType } from '../src/domain/basket.rules';
import { basketError } from '../src/use-cases/basket.check';

const now = new Date('2026-06-01T12:00:00Z');
const hour = 3_600_000;
const event: SellableEvent = { id: 'e1', status: 'ON_SALE', purchaseDeadline: new Date(now.getTime() + 24 * hour) };
const type = (over: Partial<SellableType & { eventId: string }> = {}): SellableType & { eventId: string } => ({
  id: 't1',
  name: 'General',
  price: 10_000,
  discountPercent: 0,
  finalPrice: 10_000,
  commission: 300,
  salesStartAt: new Date(now.getTime() - hour),
  salesEndAt: new Date(now.getTime() + hour),
  removed: false,
  eventId: event.id,
  ...over,
});

/** The basket rules name the registered error a buyer gets; nothing maps codes by hand. */
describe('basket rules: refusals carry their registered error', () => {
  const rules = new BasketRules(4);
  const refuse = (e: SellableEvent | undefined, t: SellableType & { eventId: string }) =>
    rules.refusal('e1', e, new Map([[t.id, t]]), [{ ticketTypeId: t.id }], now);

  it('answers ticketing’s SALES_CLOSED for every closed reason, registered in its manifest', () => {
    const closed = [
      refuse({ ...event, status: 'CANCELLED' }, type()),
      refuse({ ...event, purchaseDeadline: now }, type()),
      refuse(event, type({ removed: true })),
      refuse(event, type({ salesStartAt: new Date(now.getTime() + hour) })),
      refuse(event, type({ salesEndAt: now })),
    ];
    for (const r of closed) {
      assert.ok(r);
      assert.equal(r.error, ticketingService.errorCodes?.SALES_CLOSED);
      const problem = basketError(r);
      assert.deepEqual([problem.code, problem.status, problem.message], ['SALES_CLOSED', 409, r.message]);
      assert.equal(problem.errors, undefined);
    }
    assert.equal(refuse(event, type()), undefined, 'on sale');
  });

  it('answers the platform’s NOT_FOUND for an unknown event or a type of another event', () => {
    for (const r of [refuse(undefined, type()), refuse(event, type({ eventId: 'e2' }))]) {
      assert.equal(r?.error, ErrorCodes.NOT_FOUND);
      assert.equal(r && basketError(r).status, 404);
    }
  });

  it('answers PURCHASE_LIMIT_EXCEEDED naming the item over the per-type limit', () => {
    const over = rules.overLimit([{ quantity: 1 }, { quantity: 5 }]);
    assert.ok(over);
    assert.equal(over.error, ticketingService.errorCodes?.PURCHASE_LIMIT_EXCEEDED);
    const problem = basketError(over);
    assert.equal(problem.status, 422);
    assert.equal(problem.message, 'body.items.1.quantity: at most 4 tickets of one type per purchase');
    assert.deepEqual(problem.errors, [
      { field: 'body.items.1.quantity', message: 'at most 4 tickets of one type per purchase' },
    ]);
  });
});
