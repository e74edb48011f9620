import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { limaDate } from '../src/domain/lima-date';
import { splitCommission } from '../src/musicfest/domain/commission.split';
import { MusicfestAccessPolicy } from '../src/musicfest/domain/musicfest-access.policy';
import { MusicfestFactMapper } from '../src/musicfest/domain/musicfest-fact.mapper';

describe('MusicFest analytics domain', () => {
  it('dates an instant by the calendar in Lima, whatever offset it was written with', () => {
    assert.equal(limaDate('2030-03-02T03:00:00Z'), '2030-03-01');
    assert.equal(limaDate('2030-03-02T05:00:00Z'), '2030-03-02');
    assert.equal(limaDate('2030-03-01T23:59:00-05:00'), '2030-03-01');
    assert.equal(limaDate('2030-03-02T00:30:00+01:00'), '2030-03-01');
    assert.throws(() => limaDate('yesterday'), RangeError);
  });

  it('splits a commission over lines by amount in whole cents that add up to it', () => {
    assert.deepEqual(splitCommission(900, [10000, 20000]), [300, 600]);
    assert.deepEqual(splitCommission(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(splitCommission(7, [0, 0]), [7, 0]);
    for (let i = 0; i < 200; i++) {
      const amounts = Array.from({ length: 1 + (i % 5) }, (_, k) => ((i * 7919 + k * 104729) % 50000) + 1);
      const commission = Math.round(amounts.reduce((a, b) => a + b, 0) * 0.03);
      const parts = splitCommission(commission, amounts);
      assert.equal(
        parts.reduce((a, b) => a + b, 0),
        commission,
      );
      assert.ok(parts.every((p) => Number.isInteger(p) && p >= 0));
    }
  });

  it('turns a completed purchase into a fact and one row per line', () => {
    const map = new MusicfestFactMapper();
    const [general, vip] = [randomUUID(), randomUUID()];
    const e = { id: randomUUID(), type: 'compra.completada', time: new Date().toISOString() };
    const rows = map.purchase(e, {
      purchaseId: randomUUID(),
      userId: randomUUID(),
      eventId: randomUUID(),
      eventName: 'Rock',
      managerId: randomUUID(),
      items: [
        { ticketTypeId: general, quantity: 2, unitPrice: 10000 },
        { ticketTypeId: vip, quantity: 1, unitPrice: 20000 },
      ],
      total: 40000,
      commission: 1200,
      currency: 'PEN',
      paymentId: randomUUID(),
      fromWaitlist: true,
      tickets: [{ code: 'A', ticketTypeId: general }],
      at: '2030-03-02T03:00:00Z',
    });
    assert.deepEqual(
      rows.map((r) => r.table),
      ['mf_purchase_facts', 'mf_purchase_items', 'mf_purchase_items'],
    );
    assert.equal(rows[0]?.values.sale_date, '2030-03-01');
    assert.equal(rows[0]?.values.from_waitlist, true);
    assert.deepEqual(
      rows.slice(1).map((r) => [r.values.ticket_type_id, r.values.amount_cents, r.values.commission_cents]),
      [
        [general, 20000, 600],
        [vip, 20000, 600],
      ],
    );
  });

  it('lets platform admins see every event and managers only their own', () => {
    const policy = new MusicfestAccessPolicy();
    const me = randomUUID();
    const other = randomUUID();
    assert.deepEqual(policy.decide({ id: me, roles: ['platform_admin'] }, randomUUID(), other), { kind: 'all' });
    const own = { kind: 'own-events', managerId: me };
    assert.deepEqual(policy.decide({ id: me, roles: ['manager'] }, undefined, undefined), own);
    assert.deepEqual(policy.decide({ id: me, roles: ['manager'] }, randomUUID(), me), own);
    assert.deepEqual(policy.decide({ id: me, roles: ['manager'] }, randomUUID(), undefined), own);
    assert.equal(policy.decide({ id: me, roles: ['manager'] }, randomUUID(), other).kind, 'forbidden');
    assert.equal(policy.decide({ id: me, roles: ['salon_admin'] }, undefined, undefined).kind, 'forbidden');
  });
});
