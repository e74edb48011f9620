import { defineRoutes, type RouteContract } from '@coordina/platform';
import {
  PopularList,
  PopularQuery,
  SalesQuery,
  SalesReport,
  SatisfactionQuery,
  SatisfactionReport,
  SearchTrendsQuery,
  SearchTrendsReport,
} from './gamevault.dto';

const auth = ['gamevault_admin', 'platform_admin'] as const;
const tail = 'from/to are dates in Lima; JSON, or a file with ?format=csv|xlsx|pdf (CSV also for Accept: text/csv)';

/** GameVault's reports for its admins and the operations console (decision 0069). */
export const gamevaultAnalyticsRoutes = defineRoutes('analytics', [
  {
    method: 'GET',
    path: '/api/analytics/gamevault/sales',
    auth,
    summary: `Paid orders, units and line revenue (cents, before discount and IGV) per console, seller or product, per day, week, month or all, by payment date; ${tail}`,
    query: SalesQuery,
    response: SalesReport,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/analytics/gamevault/search-trends',
    auth,
    summary: `The most searched catalog texts and filters per period (counted by the catalog, published every few seconds); ${tail}`,
    query: SearchTrendsQuery,
    response: SearchTrendsReport,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/analytics/gamevault/popular',
    auth,
    summary: `The best-selling products by units paid in the range, with their reviews; ${tail}`,
    query: PopularQuery,
    response: PopularList,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/analytics/gamevault/satisfaction',
    auth,
    summary: `Approved reviews, mean rating and stars per product, seller or console, by review date; ${tail}`,
    query: SatisfactionQuery,
    response: SatisfactionReport,
    status: 200,
  },
]);

export const gamevaultRouteList: readonly RouteContract[] = gamevaultAnalyticsRoutes.routes;
