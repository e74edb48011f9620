import type { SalonDetail } from '@coordina/instudio-salons/contracts';

/** A salon as the booking rules read it, with neutral defaults for what a rule test does not vary. */
export function salonDetail(over: Pick<SalonDetail, 'timezone' | 'services' | 'stylists' | 'hours'>): SalonDetail {
  return {
    id: '10000000-0000-4000-8000-000000000009',
    name: 'Test',
    address: 'a',
    district: 'd',
    phone: 'p',
    description: '',
    ratingAvg: 0,
    ratingCount: 0,
    adminUserId: '00000000-0000-4000-8000-000000000002',
    ...over,
  };
}
