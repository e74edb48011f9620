import { defineRoutes, type RouteContract } from '@coordina/platform';
import { AdsQuery, AdsReport } from './chat.dto';

/** Chat's reports (decision 0087): an advertiser sees their own campaigns, a platform admin every one. */
export const chatAnalyticsRoutes = defineRoutes('analytics', [
  {
    method: 'GET',
    path: '/api/analytics/chat/ads',
    auth: ['advertiser', 'platform_admin'],
    summary:
      'Impressions, clicks, CTR and spend (PEN cents) per ad campaign, per day, week, month or all; an advertiser sees their own campaigns; from/to are dates in Lima; JSON, or a file with ?format=csv|xlsx|pdf',
    query: AdsQuery,
    response: AdsReport,
    status: 200,
  },
]);

export const chatRouteList: readonly RouteContract[] = chatAnalyticsRoutes.routes;
