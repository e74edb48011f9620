import type { CreatePromotionBody } from '../contracts/promotions.dto';

export interface DemoPromotion {
  id: string;
  salonId: string;
  salonName: string;
  promotion: CreatePromotionBody;
}

const DAYS = 60;
const everyDay = [0, 1, 2, 3, 4, 5, 6];

/** YYYY-MM-DD in a time zone. */
const localDate = (at: Date, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
const plusDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Fixed ids (the seed is idempotent), valid for the coming 60 days from the first seed, 09:00-19:00 every day. */
export function demoPromotions(now = new Date()): DemoPromotion[] {
  const from = localDate(now, 'America/Lima');
  const window = {
    validFrom: from,
    validTo: plusDays(from, DAYS),
    weekdays: everyDay,
    startTime: '09:00',
    endTime: '19:00',
  };
  return [
    {
      id: '40000000-0000-4000-8000-000000000101',
      salonId: '10000000-0000-4000-8000-000000000001',
      salonName: 'Estudio Larco',
      promotion: {
        name: 'Corte y manicure de temporada',
        description: '10% en corte y peinado y en manicure clásica.',
        discountPercent: 10,
        serviceIds: ['20000000-0000-4000-8000-000000000101', '20000000-0000-4000-8000-000000000102'],
        ...window,
      },
    },
    {
      id: '40000000-0000-4000-8000-000000000201',
      salonId: '10000000-0000-4000-8000-000000000002',
      salonName: 'Spa El Olivar',
      promotion: {
        name: 'Semana del relax',
        description: '20% en el masaje relajante.',
        discountPercent: 20,
        serviceIds: ['20000000-0000-4000-8000-000000000201'],
        ...window,
      },
    },
  ];
}
