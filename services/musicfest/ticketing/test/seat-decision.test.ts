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
});
