import { DemoUsers } from '@coordina/identity/demo';

/**
 * The demo events the embedded default seeds (fixed ids, owned by the demo manager
 * `manager@demo.coordina`, PUBLISHED with no fee). `jazzNight` is the small one for rush tests:
 * one type "General" of exactly 100 seats; `cumbiaFest` has one type of 1,000 seats for the benchmark.
 */
export const DemoEvents = {
  managerId: DemoUsers.manager.id,
  limaRockFest: {
    id: '7e000000-0000-4000-8000-000000000001',
    name: 'Lima Rock Fest',
    ticketTypes: {
      general: '7e000000-0000-4000-8000-000000000101',
      campo: '7e000000-0000-4000-8000-000000000102',
      vip: '7e000000-0000-4000-8000-000000000103',
    },
  },
  jazzNight: {
    id: '7e000000-0000-4000-8000-000000000002',
    name: 'Noche de Jazz en Barranco',
    seats: 100,
    ticketTypes: { general: '7e000000-0000-4000-8000-000000000201' },
  },
  cumbiaFest: {
    id: '7e000000-0000-4000-8000-000000000003',
    name: 'Festival de Cumbia del Callao',
    ticketTypes: {
      general: '7e000000-0000-4000-8000-000000000301',
      vip: '7e000000-0000-4000-8000-000000000302',
    },
  },
} as const;
