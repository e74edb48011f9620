import { DemoUsers } from '@coordina/identity/demo';
import type { CreateSalonBody, CreateServiceBody, CreateStylistBody, DayHours } from '../contracts/salons.dto';

export interface DemoSalon {
  id: string;
  salon: CreateSalonBody;
  services: (CreateServiceBody & { id: string })[];
  stylists: (CreateStylistBody & { id: string })[];
  hours: DayHours[];
}

const everyDay = (opens: string, closes: string): DayHours[] =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens, closes }));
const admin = DemoUsers.salonAdmin.id;
const lima = 'America/Lima';

/** Fixed ids, so the seed is idempotent and other services and tests can name them. */
export const demoSalons: readonly DemoSalon[] = [
  {
    id: '10000000-0000-4000-8000-000000000001',
    salon: {
      name: 'Estudio Larco',
      address: 'Av. José Larco 812',
      district: 'Miraflores',
      phone: '+51 1 445 1200',
      description: 'Cortes, color y manicure a una cuadra del malecón.',
      timezone: lima,
      adminUserId: admin,
    },
    services: [
      {
        id: '20000000-0000-4000-8000-000000000101',
        name: 'Corte y peinado',
        subcategory: 'hair',
        durationMinutes: 60,
        priceCents: 6000,
      },
      {
        id: '20000000-0000-4000-8000-000000000102',
        name: 'Manicure clásica',
        subcategory: 'nails',
        durationMinutes: 45,
        priceCents: 3500,
      },
      {
        id: '20000000-0000-4000-8000-000000000103',
        name: 'Maquillaje social',
        subcategory: 'makeup',
        durationMinutes: 90,
        priceCents: 12000,
      },
    ],
    stylists: [
      {
        id: '30000000-0000-4000-8000-000000000101',
        name: 'Valeria',
        serviceIds: [
          '20000000-0000-4000-8000-000000000101',
          '20000000-0000-4000-8000-000000000102',
          '20000000-0000-4000-8000-000000000103',
        ],
        hours: everyDay('09:00', '19:00'),
      },
      {
        id: '30000000-0000-4000-8000-000000000102',
        name: 'Diego',
        serviceIds: ['20000000-0000-4000-8000-000000000101'],
        hours: everyDay('10:00', '18:00'),
      },
    ],
    hours: everyDay('09:00', '19:00'),
  },
  {
    id: '10000000-0000-4000-8000-000000000002',
    salon: {
      name: 'Spa El Olivar',
      address: 'Calle Los Laureles 365',
      district: 'San Isidro',
      phone: '+51 1 422 3300',
      description: 'Masajes, depilación y tratamientos faciales junto al bosque El Olivar.',
      timezone: lima,
      adminUserId: admin,
    },
    services: [
      {
        id: '20000000-0000-4000-8000-000000000201',
        name: 'Masaje relajante',
        subcategory: 'spa',
        durationMinutes: 60,
        priceCents: 15000,
      },
      {
        id: '20000000-0000-4000-8000-000000000202',
        name: 'Depilación de piernas',
        subcategory: 'waxing',
        durationMinutes: 30,
        priceCents: 5000,
      },
    ],
    stylists: [
      {
        id: '30000000-0000-4000-8000-000000000201',
        name: 'Lucía',
        serviceIds: ['20000000-0000-4000-8000-000000000201', '20000000-0000-4000-8000-000000000202'],
        hours: [],
      },
    ],
    hours: everyDay('09:00', '19:00'),
  },
  {
    id: '10000000-0000-4000-8000-000000000003',
    salon: {
      name: 'Barranco Beauty Bar',
      address: 'Jr. Batallón Ayacucho 271',
      district: 'Barranco',
      phone: '+51 1 247 8800',
      description: 'Uñas, maquillaje y peinados para eventos.',
      timezone: lima,
      adminUserId: admin,
    },
    services: [
      {
        id: '20000000-0000-4000-8000-000000000301',
        name: 'Uñas acrílicas',
        subcategory: 'nails',
        durationMinutes: 90,
        priceCents: 8000,
      },
      {
        id: '20000000-0000-4000-8000-000000000302',
        name: 'Peinado de fiesta',
        subcategory: 'hair',
        durationMinutes: 60,
        priceCents: 9000,
      },
    ],
    stylists: [
      {
        id: '30000000-0000-4000-8000-000000000301',
        name: 'Camila',
        serviceIds: ['20000000-0000-4000-8000-000000000301', '20000000-0000-4000-8000-000000000302'],
        hours: everyDay('09:00', '19:00'),
      },
      {
        id: '30000000-0000-4000-8000-000000000302',
        name: 'Sofía',
        serviceIds: ['20000000-0000-4000-8000-000000000301'],
        hours: everyDay('12:00', '19:00'),
      },
    ],
    hours: everyDay('09:00', '19:00'),
  },
];
