import type { RouteContract } from '@coordina/platform';
import { Report, ReportQuery, TopServices, TopServicesQuery } from './analytics.dto';

const csvNote = 'JSON, or CSV with ?format=csv or Accept: text/csv';

const report = (what: string, path: string): RouteContract => ({
  method: 'GET',
  path: `/api/analytics/instudio/${path}`,
  auth: ['salon_admin', 'platform_admin'],
  summary: `${what} per salon, district or subcategory per day, week or month (by appointment date); ${csvNote}`,
  query: ReportQuery,
  response: Report,
  status: 200,
});

/** InStudio's reports. */
export const instudioRouteList: readonly RouteContract[] = [
  report('Bookings (all, confirmed, completed, no-shows)', 'bookings'),
  report('Cancellations', 'cancellations'),
  report('Revenue (confirmed prices minus refunds)', 'revenue'),
  {
    method: 'GET',
    path: '/api/analytics/instudio/top-services',
    auth: ['salon_admin', 'platform_admin'],
    summary: `Services with the most confirmed bookings, then revenue; ${csvNote}`,
    query: TopServicesQuery,
    response: TopServices,
    status: 200,
  },
];
