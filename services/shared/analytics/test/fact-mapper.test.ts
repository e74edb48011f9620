import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { CsvFormat } from '../src/domain/csv.format';
import { FactMapper } from '../src/instudio/domain/fact.mapper';
import { ReportAccessPolicy } from '../src/instudio/domain/report-access.policy';

describe('Analytics domain', () => {
  const map = new FactMapper();

  it('dates a booking by its start in the salon time zone, not in UTC', () => {
    const e = { id: randomUUID(), type: 'reserva.creada', time: new Date().toISOString() };
    const row = map.booking(e, {
      bookingId: randomUUID(),
      userId: randomUUID(),
      salonId: randomUUID(),
      serviceId: randomUUID(),
      stylistId: randomUUID(),
      start: '2030-01-05T23:30:00-05:00',
      price: 1000,
    });
    assert.equal(row.values.local_date, '2030-01-05');
    assert.equal(row.values.district, null);
    assert.equal(row.values.price_cents, 1000);
  });

  it('matches a payment to its booking only through an InStudio reference', () => {
    const id = randomUUID();
    assert.equal(map.bookingOf(`booking:${id}`), id);
    assert.equal(map.bookingOf(`ticket:${id}`), null);
    assert.equal(map.bookingOf('booking:x'), null);
  });

  it('writes RFC 4180 CSV and defuses spreadsheet formulas', () => {
    const csv = new CsvFormat().format(
      ['a', 'b'],
      [
        { a: 'x,"y"', b: 3 },
        { a: '=HYPERLINK("z")', b: null },
      ],
    );
    assert.equal(csv, 'a,b\r\n"x,""y""",3\r\n"\'=HYPERLINK(""z"")",\r\n');
  });

  it('lets platform admins see every salon and salon admins only their own', () => {
    const policy = new ReportAccessPolicy();
    const me = randomUUID();
    assert.deepEqual(policy.decide({ id: me, roles: ['platform_admin'] }, randomUUID(), undefined), { kind: 'all' });
    assert.deepEqual(policy.decide({ id: me, roles: ['salon_admin'] }, undefined, undefined), {
      kind: 'own-salons',
      adminUserId: me,
    });
    assert.deepEqual(policy.decide({ id: me, roles: ['salon_admin'] }, randomUUID(), me), {
      kind: 'own-salons',
      adminUserId: me,
    });
    assert.equal(policy.decide({ id: me, roles: ['salon_admin'] }, randomUUID(), randomUUID()).kind, 'forbidden');
    assert.equal(policy.decide({ id: me, roles: ['client'] }, undefined, undefined).kind, 'forbidden');
  });
});
