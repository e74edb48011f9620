import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PurchaseOutcomeMapper } from '../src/domain/purchase-outcome.mapper';

describe('purchase outcome of a failed saga', () => {
  const m = new PurchaseOutcomeMapper();

  it('expires a purchase whose payment did not complete in time', () => {
    assert.deepEqual(m.fromSagaFailure({ step: 'AuthorizePayment', kind: 'timeout', reason: 'timed out' }), {
      status: 'EXPIRED',
      reason: 'payment_timeout',
      detail: 'payment timed out',
    });
  });

  it('cancels a purchase whose payment was declined, with the provider code', () => {
    assert.deepEqual(m.fromSagaFailure({ step: 'AuthorizePayment', kind: 'declined', reason: 'card_declined' }), {
      status: 'CANCELLED',
      reason: 'payment_declined',
      detail: 'payment declined: card_declined',
    });
  });

  it('reports a ticket issue that timed out or was refused as tickets not issued, never as a late payment', () => {
    assert.deepEqual(m.fromSagaFailure({ step: 'IssueTickets', kind: 'timeout', reason: 'timed out' }), {
      status: 'CANCELLED',
      reason: 'tickets_not_issued',
      detail: 'tickets were not issued in time',
    });
    assert.deepEqual(m.fromSagaFailure({ step: 'IssueTickets', kind: 'declined', reason: 'unknown purchase' }), {
      status: 'CANCELLED',
      reason: 'tickets_not_issued',
      detail: 'tickets not issued: unknown purchase',
    });
  });

  it('leaves a purchase the buyer ended meanwhile as the buyer’s', () => {
    const f = { step: 'IssueTickets', kind: 'rejected', reason: 'the purchase is no longer pending' } as const;
    assert.equal(m.fromSagaFailure(f).reason, 'buyer_cancelled');
  });
});
