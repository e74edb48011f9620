import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep } from '../src/domain/payment.state-machine';

describe('payments: the payment state machine', () => {
  it('authorizes or fails a pending payment and announces it', () => {
    assert.deepEqual(nextStep('PENDING', 'succeeded', true), { to: 'AUTHORIZED', effect: 'publish_authorized' });
    assert.deepEqual(nextStep('PENDING', 'failed', true), { to: 'FAILED', effect: 'publish_failed' });
  });

  it('refunds an authorized payment at the provider, then announces the refund', () => {
    assert.deepEqual(nextStep('AUTHORIZED', 'refund_requested', true), {
      to: 'REFUNDING',
      effect: 'refund_at_provider',
    });
    assert.deepEqual(nextStep('REFUNDING', 'refunded', true), { to: 'REFUNDED', effect: 'publish_refunded' });
  });

  it('voids a pending payment, refunds a late success and cancels on a late failure', () => {
    assert.deepEqual(nextStep('PENDING', 'refund_requested', true), { to: 'VOIDED', effect: 'none' });
    assert.deepEqual(nextStep('VOIDED', 'succeeded', true), { to: 'REFUNDING', effect: 'refund_at_provider' });
    assert.deepEqual(nextStep('VOIDED', 'failed', true), { to: 'CANCELED', effect: 'publish_voided' });
    assert.deepEqual(nextStep('PENDING', 'refund_requested', false), { to: 'CANCELED', effect: 'publish_voided' });
  });

  it('ignores impossible transitions', () => {
    assert.equal(nextStep('AUTHORIZED', 'failed', true), undefined);
    assert.equal(nextStep('AUTHORIZED', 'succeeded', true), undefined);
    assert.equal(nextStep('FAILED', 'succeeded', true), undefined);
    assert.equal(nextStep('FAILED', 'refund_requested', true), undefined);
    assert.equal(nextStep('REFUNDED', 'refund_requested', true), undefined);
    assert.equal(nextStep('REFUNDED', 'refunded', true), undefined);
    assert.equal(nextStep('REFUNDING', 'refund_requested', true), undefined);
  });
});
