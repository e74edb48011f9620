import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeatDecisionRules } from '../src/domain/seat-decision.rules';

describe('MusicFest seat decisions of a batch', () => {
  const rules = new SeatDecisionRules(1);

  it('reserves in arrival order while seats fit, then queues up to the waitlist bound, then refuses', () => {
    const { decisions, after } = rules.decide({ capacity: 3, reserved: 1, sold: 0, waitlisted: 0 }, [1, 1, 1, 2, 1, 1]);
    assert.deepEqual(decisions, ['reserve', 'reserve', 'queue', 'queue', 'refuse', 'refuse']);
    assert.deepEqual(after, { capacity: 3, reserved: 3, sold: 0, waitlisted: 3 });
  });

  it('never lets a later, smaller request jump a queued one', () => {
    // 2 seats free: the 3-ticket request queues, and the 1-ticket one after it queues behind it.
    const { decisions } = rules.decide({ capacity: 10, reserved: 8, sold: 0, waitlisted: 0 }, [3, 1]);
    assert.deepEqual(decisions, ['queue', 'queue']);
  });

  it('queues everything while somebody already waits, even with seats free', () => {
    const { decisions } = rules.decide({ capacity: 10, reserved: 0, sold: 5, waitlisted: 2 }, [1]);
    assert.deepEqual(decisions, ['queue']);
  });

  it('refuses a request over the waitlist bound but queues a smaller one after it', () => {
    const half = new SeatDecisionRules(0.5);
    const { decisions, after } = half.decide({ capacity: 10, reserved: 10, sold: 0, waitlisted: 4 }, [2, 1]);
    assert.deepEqual(decisions, ['refuse', 'queue']);
    assert.equal(after.waitlisted, 5);
  });

  it('reserves a basket only when every type fits with nobody waiting, else queues it whole', () => {
    const counts = new Map([
      ['a', { capacity: 4, reserved: 2, sold: 0, waitlisted: 0 }],
      ['b', { capacity: 4, reserved: 3, sold: 0, waitlisted: 0 }],
    ]);
    const basket = [
      { ticketTypeId: 'a', quantity: 2 },
      { ticketTypeId: 'b', quantity: 2 },
    ];
    assert.deepEqual(rules.decideBasket(counts, basket), { decision: 'queue' });
    assert.deepEqual(counts.get('a'), { capacity: 4, reserved: 2, sold: 0, waitlisted: 2 }, 'no type is half reserved');
    assert.deepEqual(counts.get('b'), { capacity: 4, reserved: 3, sold: 0, waitlisted: 2 });
    // Type a now has people waiting: a basket that fits still queues behind them.
    assert.equal(rules.decideBasket(counts, [{ ticketTypeId: 'a', quantity: 1 }]).decision, 'queue');
  });

  it('refuses a basket naming the first type whose line is full', () => {
    const counts = new Map([
      ['a', { capacity: 2, reserved: 2, sold: 0, waitlisted: 0 }],
      ['b', { capacity: 2, reserved: 2, sold: 0, waitlisted: 2 }],
    ]);
    const d = rules.decideBasket(counts, [
      { ticketTypeId: 'a', quantity: 1 },
      { ticketTypeId: 'b', quantity: 1 },
    ]);
    assert.equal(d.decision, 'refuse');
    assert.equal(d.decision === 'refuse' && d.refused.ticketTypeId, 'b');
    assert.equal(counts.get('a')?.waitlisted, 0, 'a refused basket changes no count');
  });

  it('promotes in line order while purchases fit; one that does not fit blocks those behind it on its types', () => {
    const counts = new Map([
      ['a', { capacity: 5, reserved: 2, sold: 0, waitlisted: 6 }],
      ['b', { capacity: 5, reserved: 4, sold: 0, waitlisted: 1 }],
    ]);
    const line = [
      { id: 1, lines: [{ ticketTypeId: 'a', quantity: 2 }] },
      { id: 2, lines: [{ ticketTypeId: 'a', quantity: 2 }] },
      { id: 3, lines: [{ ticketTypeId: 'a', quantity: 1 }] },
      { id: 4, lines: [{ ticketTypeId: 'b', quantity: 1 }] },
      { id: 5, lines: [{ ticketTypeId: 'a', quantity: 1 }] },
    ];
    const promoted = rules.promote(counts, line).map((p) => p.id);
    // 3 seats of a free: #1 takes 2, #2 (2) does not fit and blocks #3 and #5 (type a); #4 goes.
    assert.deepEqual(promoted, [1, 4]);
    assert.deepEqual(counts.get('a'), { capacity: 5, reserved: 4, sold: 0, waitlisted: 4 });
    assert.deepEqual(counts.get('b'), { capacity: 5, reserved: 5, sold: 0, waitlisted: 0 });
  });
});
