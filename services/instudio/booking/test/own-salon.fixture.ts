import assert from 'node:assert/strict';
import type { TestFetchInit, TestResponse } from '@coordina/platform/testing';
import { ZonedTime } from '../src/domain/zoned-time';

type Fetch = (path: string, init?: TestFetchInit) => Promise<TestResponse>;

export interface OwnSalon {
  id: string;
  serviceId: string;
  stylistIds: string[];
  zone: ZonedTime;
  district: string;
}

/**
 * A zone whose wall clock is between 01:00 and 18:00 now, so a salon open 00:00-23:59 stays open
 * for the tests' bookings up to about four hours ahead (at 20:35 in Lima a booking at 23:45 ended
 * past 23:59 and was refused). Lima, Madrid and Tokyo together cover every hour of the day.
 */
export function daytimeZone(now = new Date()): string {
  for (const tz of ['America/Lima', 'Asia/Tokyo', 'Europe/Madrid']) {
    const m = new ZonedTime(tz).local(now).minutes;
    if (m >= 60 && m <= 18 * 60) return tz;
  }
  throw new Error('no daytime zone found');
}

/**
 * Creates, through the salons admin API, a salon open 00:00-23:59 every day with one
 * 30-minute service (S/ 40.00) and `stylists` stylists, administered by `adminUserId`.
 */
export async function createOwnSalon(
  fetch: Fetch,
  platformAdminToken: string,
  adminUserId: string,
  stylists = 4,
): Promise<OwnSalon> {
  const token = platformAdminToken;
  const timezone = daytimeZone();
  const district = 'Barranco';
  const salon = await fetch('/api/instudio/salons', {
    token,
    json: {
      name: `Turno continuo ${Date.now()}`,
      address: 'Av. Grau 1',
      district,
      phone: '+51 1 000 0000',
      timezone,
      adminUserId,
    },
  });
  assert.equal(salon.status, 201, salon.text);
  const id: string = salon.body.id;
  const hours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
  const put = await fetch(`/api/instudio/salons/${id}/hours`, { token, method: 'PUT', json: { hours } });
  assert.equal(put.status, 200, put.text);
  const service = await fetch(`/api/instudio/salons/${id}/services`, {
    token,
    json: { name: 'Corte exprés', subcategory: 'hair', durationMinutes: 30, priceCents: 4000 },
  });
  assert.equal(service.status, 201, service.text);
  const stylistIds: string[] = [];
  for (let i = 0; i < stylists; i++) {
    const s = await fetch(`/api/instudio/salons/${id}/stylists`, {
      token,
      json: { name: `Estilista ${i + 1}`, serviceIds: [service.body.id], hours: [] },
    });
    assert.equal(s.status, 201, s.text);
    stylistIds.push(s.body.id);
  }
  return { id, serviceId: service.body.id, stylistIds, zone: new ZonedTime(timezone), district };
}
