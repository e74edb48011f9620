import { defineRoutes, type RouteContract } from '@coordina/platform';
import type { z } from 'zod';
import {
  ConversionQuery,
  MusicfestReport,
  RefundsQuery,
  RevenueQuery,
  SalesQuery,
  SoldOutList,
  SoldOutQuery,
  WaitlistQuery,
} from './musicfest.dto';

const auth = ['manager', 'platform_admin'] as const;
const tail =
  'per day, week, month or all; from/to (dates in Lima) and eventId narrow it; a manager sees only their events; JSON, or a file with ?format=csv|xlsx|pdf (CSV also for Accept: text/csv)';

const report = <const P extends string, Q extends z.ZodType>(path: P, what: string, query: Q) =>
  ({
    method: 'GET',
    path: `/api/analytics/musicfest/${path}`,
    auth,
    summary: `${what}, ${tail}`,
    query,
    response: MusicfestReport,
    status: 200,
  }) as const;

/** The MusicFest KPIs for the managers panel and the operations console. */
export const musicfestAnalyticsRoutes = defineRoutes('analytics', [
  report(
    'sales',
    'Completed purchases, tickets, revenue and commission (cents) per event or ticket type, by completion date',
    SalesQuery,
  ),
  report(
    'conversion',
    'Basket summaries, purchases created and completed, and completed/baskets, per event or overall',
    ConversionQuery,
  ),
  report(
    'waitlist',
    'Purchases that entered the waitlist (by that date): promoted, completed, left, expired, cancelled, waiting',
    WaitlistQuery,
  ),
  report(
    'refunds',
    'Refunded cancellations and refunded cents per reason or event, by cancellation date',
    RefundsQuery,
  ),
  report(
    'revenue',
    'Gross, commission, refunded and net cents (sales by completion date, refunds by refund date)',
    RevenueQuery,
  ),
  {
    method: 'GET',
    path: '/api/analytics/musicfest/sold-out',
    auth,
    summary: `Ticket types that sold out, and when; ${tail}`,
    query: SoldOutQuery,
    response: SoldOutList,
    status: 200,
  },
]);

export const musicfestRouteList: readonly RouteContract[] = musicfestAnalyticsRoutes.routes;
