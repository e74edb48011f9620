import { z } from 'zod';
import { ReportFormat } from '../../contracts/report-format';
import { inOrder, listOf, reportOf } from '../../contracts/report-shape';

/** A day, an ISO week (from Monday), a calendar month, or the whole range in one row. */
export const MusicfestPeriod = z.enum(['day', 'week', 'month', 'all']);
export type MusicfestPeriod = z.infer<typeof MusicfestPeriod>;
export const MusicfestReportKind = z.enum(['sales', 'conversion', 'waitlist', 'refunds', 'revenue']);
export type MusicfestReportKind = z.infer<typeof MusicfestReportKind>;
export const MusicfestGroupBy = z.enum(['event', 'ticketType', 'reason', 'overall']);
export type MusicfestGroupBy = z.infer<typeof MusicfestGroupBy>;

const Range = {
  /** First date included (YYYY-MM-DD, in Lima) of the sale, basket, waitlisting or refund. */
  from: z.iso.date().optional(),
  /** Last date included. */
  to: z.iso.date().optional(),
  /** One festival event. */
  eventId: z.uuid().optional(),
  period: MusicfestPeriod.default('day'),
  format: ReportFormat.optional(),
};
const query = <G extends MusicfestGroupBy>(groups: readonly [G, ...G[]], byDefault: G) =>
  inOrder(z.object({ ...Range, groupBy: z.enum(groups).default(byDefault as never) }));

export const SalesQuery = query(['event', 'ticketType', 'overall'], 'event');
export const ConversionQuery = query(['event', 'overall'], 'event');
export const WaitlistQuery = query(['event', 'overall'], 'event');
export const RefundsQuery = query(['reason', 'event', 'overall'], 'reason');
export const RevenueQuery = query(['event', 'overall'], 'overall');
/** Any of the report queries above: the groupBy of one widened to all. */
export type MusicfestQuery = Omit<z.infer<typeof SalesQuery>, 'groupBy'> & { groupBy: MusicfestGroupBy };

const count = z.number().int().optional();

/** One group in one period; each report carries its own figures (see the route summaries). */
export const MusicfestRow = z.object({
  /** First day of the period in Lima; null for period=all. */
  period: z.iso.date().nullable(),
  /** The event id, ticket type id, refund reason, or `all`. */
  key: z.string(),
  /** The event's or ticket type's name (when known), else the key. */
  label: z.string(),
  /** The ticket type's event (groupBy=ticketType). */
  eventId: z.string().optional(),
  eventName: z.string().optional(),
  purchases: count,
  tickets: count,
  revenueCents: count,
  commissionCents: count,
  baskets: count,
  completed: count,
  waitlisted: count,
  promoted: count,
  left: count,
  expired: count,
  cancelled: count,
  waiting: count,
  refunds: count,
  refundedCents: count,
  grossCents: count,
  netCents: count,
  /** completed / baskets (conversion) or completed / waitlisted (waitlist), 4 decimals; null when nothing entered. */
  conversionRate: z.number().nullable().optional(),
});
export type MusicfestRow = z.infer<typeof MusicfestRow>;

export const MusicfestReport = reportOf(
  { report: MusicfestReportKind, groupBy: MusicfestGroupBy, period: MusicfestPeriod },
  MusicfestRow,
  { eventId: z.string().nullable() },
);
export type MusicfestReport = z.infer<typeof MusicfestReport>;

export const SoldOutQuery = inOrder(
  z.object({ from: Range.from, to: Range.to, eventId: Range.eventId, format: Range.format }),
);
export type SoldOutQuery = z.infer<typeof SoldOutQuery>;

export const SoldOutItem = z.object({
  eventId: z.string(),
  eventName: z.string(),
  ticketTypeId: z.string(),
  ticketTypeName: z.string(),
  soldOutAt: z.string(),
});
export type SoldOutItem = z.infer<typeof SoldOutItem>;

export const SoldOutList = listOf(SoldOutItem);
export type SoldOutList = z.infer<typeof SoldOutList>;
