import { z } from 'zod';
import { ReportFormat } from '../../contracts/report-format';
import { inOrder, listOf, reportOf } from '../../contracts/report-shape';

export const GroupBy = z.enum(['salon', 'district', 'subcategory']);
export type GroupBy = z.infer<typeof GroupBy>;
export const Period = z.enum(['day', 'week', 'month']);
export type Period = z.infer<typeof Period>;

const Range = {
  /** First appointment date included (YYYY-MM-DD, the salon's local date). */
  from: z.iso.date().optional(),
  /** Last appointment date included. */
  to: z.iso.date().optional(),
  salonId: z.uuid().optional(),
  format: ReportFormat.optional(),
};

export const ReportQuery = inOrder(
  z.object({ ...Range, groupBy: GroupBy.default('salon'), period: Period.default('day') }),
);
export type ReportQuery = z.infer<typeof ReportQuery>;

export const TopServicesQuery = inOrder(
  z.object({ ...Range, limit: z.coerce.number().int().min(1).max(100).default(10) }),
);
export type TopServicesQuery = z.infer<typeof TopServicesQuery>;

const count = z.number().int().optional();

/** One group in one period; each report carries its own figures (see docs/decisions/0007). */
export const ReportRow = z.object({
  /** First day of the period: the day, the ISO week's Monday, or the month's first day. */
  period: z.iso.date(),
  /** The salon id, district name or subcategory. */
  key: z.string(),
  /** The salon's name for groupBy=salon (when known), else the key. */
  label: z.string(),
  bookings: count,
  confirmed: count,
  cancellations: count,
  completed: count,
  noShows: count,
  grossCents: count,
  refundedCents: count,
  revenueCents: count,
});
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportKind = z.enum(['bookings', 'cancellations', 'revenue']);
export type ReportKind = z.infer<typeof ReportKind>;

export const Report = reportOf({ report: ReportKind, groupBy: GroupBy, period: Period }, ReportRow);
export type Report = z.infer<typeof Report>;

export const TopServiceRow = z.object({
  serviceId: z.string(),
  serviceName: z.string(),
  salonId: z.string(),
  subcategory: z.string(),
  bookings: z.number().int(),
  confirmed: z.number().int(),
  revenueCents: z.number().int(),
});
export type TopServiceRow = z.infer<typeof TopServiceRow>;

export const TopServices = listOf(TopServiceRow);
export type TopServices = z.infer<typeof TopServices>;
