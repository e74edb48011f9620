import { defineRoutes, type RouteContract } from '@coordina/platform';
import { Report, ReportQuery, TopServices, TopServicesQuery } from './analytics.dto';

const csvNote = 'JSON, or a file with ?format=csv|xlsx|pdf (CSV also for Accept: text/csv)';
const auth = ['salon_admin', 'platform_admin'] as const;

const report = <const P extends string>(what: string, path: P) =>
  ({
    method: 'GET',
    path: `/api/analytics/instudio/${path}`,
    auth,
    summary: `${what} per salon, district or subcategory per day, week or month (by appointment date); ${csvNote}`,
    query: ReportQuery,
    response: Report,
    status: 200,
  }) as const;

/** InStudio's reports (analytics serves them; `analyticsService.routes` holds every system's). */
export const instudioAnalyticsRoutes = defineRoutes('analytics', [
  report('Bookings (all, confirmed, completed, no-shows)', 'bookings'),
  report('Cancellations', 'cancellations'),
  report('Revenue (confirmed prices minus refunds)', 'revenue'),
  {
    method: 'GET',
    path: '/api/analytics/instudio/top-services',
    auth,
    summary: `Services with the most confirmed bookings, then revenue; ${csvNote}`,
    query: TopServicesQuery,
    response: TopServices,
    status: 200,
  },
]);

export const instudioRouteList: readonly RouteContract[] = instudioAnalyticsRoutes.routes;
