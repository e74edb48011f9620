import { z } from 'zod';
import { ReportFormat } from '../../contracts/report-format';
import { inOrder, reportOf } from '../../contracts/report-shape';

/** A day, an ISO week (from Monday), a calendar month, or the whole range in one row. */
export const ChatPeriod = z.enum(['day', 'week', 'month', 'all']);
export type ChatPeriod = z.infer<typeof ChatPeriod>;

export const AdsQuery = inOrder(
  z.object({
    /** First date included (YYYY-MM-DD, in Lima) of the impression or click. */
    from: z.iso.date().optional(),
    /** Last date included. */
    to: z.iso.date().optional(),
    period: ChatPeriod.default('all'),
    /** One campaign; every campaign the caller may see when absent. */
    campaignId: z.uuid().optional(),
    format: ReportFormat.optional(),
  }),
);
export type AdsQuery = z.infer<typeof AdsQuery>;

const count = z.number().int();

/** One campaign in one period: what it was shown, clicked and charged. */
export const AdsRow = z.object({
  /** First day of the period in Lima; null for period=all. */
  period: z.iso.date().nullable(),
  /** The campaign id. */
  key: z.string(),
  /** The campaign's title (its id until its campana.creada arrives). */
  label: z.string(),
  advertiserId: z.string(),
  impressions: count,
  clicks: count,
  /** clicks / impressions, 4 decimals (0 without impressions). */
  ctr: z.number(),
  /** What its impressions and clicks cost, PEN cents. */
  spendCents: count,
});
export type AdsRow = z.infer<typeof AdsRow>;

export const AdsReport = reportOf(
  { report: z.literal('ads'), groupBy: z.literal('campaign'), period: ChatPeriod },
  AdsRow,
  { campaignId: z.string().nullable() },
);
export type AdsReport = z.infer<typeof AdsReport>;
