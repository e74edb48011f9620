import type { paths } from '../../api/openapi';

/** Every analytics route of the API (docs/api/openapi.json). */
export type AnalyticsPath = Extract<keyof paths, `/api/analytics/${string}`>;

export const ANALYTICS_SYSTEMS = ['instudio', 'musicfest'] as const;
export type AnalyticsSystem = (typeof ANALYTICS_SYSTEMS)[number];

/** Who may read each system's reports: the routes' `auth` (services/shared/analytics contracts). */
export const READERS: Record<AnalyticsSystem, readonly string[]> = {
  instudio: ['salon_admin', 'platform_admin'],
  musicfest: ['manager', 'platform_admin'],
};

/** The systems whose reports a user with `roles` may read. */
export function readable(roles: readonly string[]): AnalyticsSystem[] {
  return ANALYTICS_SYSTEMS.filter((s) => READERS[s].some((r) => roles.includes(r)));
}

/**
 * One report of a page: its route, the columns the table shows (`money` ones in cents), the
 * ones its chart draws per period (summed over the groups), and whether it is a list (`items`,
 * no periods) rather than a report (`rows`, one per group and period).
 */
export interface ReportSpec {
  id: string;
  path: AnalyticsPath;
  columns: readonly string[];
  chart: readonly string[];
  money: readonly string[];
  list?: boolean;
  /** The query the route takes besides the range (a grouping, a limit). */
  query?: Record<string, string>;
}

const report = (
  system: AnalyticsSystem,
  id: string,
  columns: string[],
  chart: string[],
  query?: Record<string, string>,
): ReportSpec => ({
  id,
  path: `/api/analytics/${system}/${id}` as AnalyticsPath,
  columns,
  chart,
  money: columns.filter((c) => c.endsWith('Cents')),
  query,
});

/** Each system's KPIs as the API reports them; the page draws one section per report. */
export const REPORTS: Record<AnalyticsSystem, readonly ReportSpec[]> = {
  instudio: [
    report('instudio', 'bookings', ['bookings', 'confirmed', 'completed', 'noShows'], ['bookings', 'confirmed']),
    report('instudio', 'cancellations', ['bookings', 'cancellations'], ['bookings', 'cancellations']),
    report('instudio', 'revenue', ['confirmed', 'grossCents', 'refundedCents', 'revenueCents'], ['revenueCents']),
    {
      ...report('instudio', 'top-services', ['serviceName', 'bookings', 'confirmed', 'revenueCents'], []),
      list: true,
    },
  ],
  musicfest: [
    report('musicfest', 'sales', ['purchases', 'tickets', 'revenueCents', 'commissionCents'], ['purchases', 'tickets']),
    report('musicfest', 'revenue', ['grossCents', 'commissionCents', 'refundedCents', 'netCents'], ['netCents'], {
      groupBy: 'event',
    }),
    report(
      'musicfest',
      'conversion',
      ['baskets', 'purchases', 'completed', 'conversionRate'],
      ['baskets', 'completed'],
    ),
    report('musicfest', 'waitlist', ['waitlisted', 'promoted', 'completed', 'waiting'], ['waitlisted', 'promoted']),
    report('musicfest', 'refunds', ['refunds', 'refundedCents'], ['refunds'], { groupBy: 'event' }),
    { ...report('musicfest', 'sold-out', ['eventName', 'ticketTypeName', 'soldOutAt'], []), list: true },
  ],
};

/** A report's row or a list's item as the page reads it. */
export type Row = Record<string, string | number | null | undefined>;

/** Points of a chart: per period (seconds since the epoch), each charted column summed over the groups. */
export function perPeriod(rows: readonly Row[], columns: readonly string[], money: readonly string[]) {
  const byPeriod = new Map<string, number[]>();
  for (const r of rows) {
    if (typeof r.period !== 'string') continue;
    const sums = byPeriod.get(r.period) ?? columns.map(() => 0);
    columns.forEach((c, i) => {
      const v = Number(r[c] ?? 0);
      sums[i] = (sums[i] ?? 0) + (money.includes(c) ? v / 100 : v);
    });
    byPeriod.set(r.period, sums);
  }
  const periods = [...byPeriod.keys()].sort();
  return {
    x: periods.map((p) => Date.parse(`${p}T00:00:00Z`) / 1000),
    values: columns.map((_, i) => periods.map((p) => byPeriod.get(p)?.[i] ?? 0)),
  };
}
