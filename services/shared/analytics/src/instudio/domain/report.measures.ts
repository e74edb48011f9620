import type { ReportKind, ReportRow } from '../contracts/analytics.dto';

export type Measure = Exclude<keyof ReportRow, 'period' | 'key' | 'label'>;

/** The figures each report carries, in column order. */
export const REPORT_MEASURES: Readonly<Record<ReportKind, readonly Measure[]>> = Object.freeze({
  bookings: ['bookings', 'confirmed', 'completed', 'noShows'],
  cancellations: ['bookings', 'cancellations'],
  revenue: ['confirmed', 'grossCents', 'refundedCents', 'revenueCents'],
});
