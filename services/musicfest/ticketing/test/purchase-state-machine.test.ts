import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LIVE_STATUSES,
  nextStep,
  type PurchaseTrigger,
  statusAfter,
  statusesFrom,
  voidsTickets,
} from '../src/domain/purchase.state-machine';

const TRIGGERS: PurchaseTrigger[] = [
  'reserve',
  'queue',
  'promote',
  'authorize',
  'complete',
  'cancel',
  'fail',
  'expire',
];

describe('MusicFest purchase state machine', () => {
  it('accepts a new purchase with seats or in line, and nothing else happens to a new row', () => {
    assert.equal(nextStep('NEW', 'reserve')?.to, 'PENDING');
    assert.equal(nextStep('NEW', 'queue')?.to, 'WAITLISTED');
    for (const t of TRIGGERS.filter((x) => x !== 'reserve' && x !== 'queue'))
      assert.equal(nextStep('NEW', t), undefined);
  });

  it('ends nothing twice: a cancelled or expired purchase takes no transition', () => {
    for (const t of TRIGGERS) {
      assert.equal(nextStep('CANCELLED', t), undefined, t);
      assert.equal(nextStep('EXPIRED', t), undefined, t);
    }
  });

  it('lets only a pending purchase be paid, completed, failed or expired', () => {
    for (const t of ['authorize', 'complete', 'fail', 'expire'] as const)
      assert.deepEqual(statusesFrom(t), ['PENDING']);
    assert.deepEqual(statusesFrom('promote'), ['WAITLISTED']);
  });

  it('gives each trigger one target, whatever state it leaves', () => {
    assert.equal(statusAfter('cancel'), 'CANCELLED');
    assert.equal(statusAfter('expire'), 'EXPIRED');
    assert.equal(statusAfter('promote'), 'PENDING');
    for (const t of TRIGGERS) assert.ok(statusAfter(t));
  });

  it('cancels every live purchase, giving back what it holds, refunding money that may have moved', () => {
    assert.deepEqual([...LIVE_STATUSES].sort(), ['COMPLETED', 'PENDING', 'WAITLISTED']);
    const waiting = nextStep('WAITLISTED', 'cancel');
    assert.deepEqual(waiting, { to: 'CANCELLED', seats: 'release_queued', refund: false, voidTickets: 'never' });
    const pending = nextStep('PENDING', 'cancel');
    assert.equal(pending?.seats, 'release_reserved');
    assert.equal(pending?.refund, true);
    assert.ok(pending && voidsTickets(pending, 'AUTHORIZED'));
    assert.ok(pending && !voidsTickets(pending, 'NONE'));
    const completed = nextStep('COMPLETED', 'cancel');
    assert.equal(completed?.seats, 'release_sold');
    assert.ok(completed && voidsTickets(completed, 'AUTHORIZED'));
  });

  it("leaves refunds and voids of a failed or expired purchase to its saga's compensations", () => {
    for (const t of ['fail', 'expire'] as const) {
      const s = nextStep('PENDING', t);
      assert.equal(s?.refund, false);
      assert.equal(s?.voidTickets, 'never');
      assert.equal(s?.seats, 'release_reserved');
    }
  });
});
