import { z } from 'zod';
import { ReportFormat } from '../../contracts/report-format';
import { inOrder, listOf, reportOf } from '../../contracts/report-shape';

/** A day, an ISO week (from Monday), a calendar month, or the whole range in one row. */
export const GamevaultPeriod = z.enum(['day', 'week', 'month', 'all']);
export type GamevaultPeriod = z.infer<typeof GamevaultPeriod>;
export const GamevaultReportKind = z.enum(['sales', 'search-trends', 'satisfaction']);
export type GamevaultReportKind = z.infer<typeof GamevaultReportKind>;

const Range = {
  /** First date included (YYYY-MM-DD, in Lima) of the payment, search window or review. */
  from: z.iso.date().optional(),
  /** Last date included. */
  to: z.iso.date().optional(),
  format: ReportFormat.optional(),
};

export const SalesGroupBy = z.enum(['console', 'seller', 'product', 'overall']);
export const SalesQuery = inOrder(
  z.object({ ...Range, period: GamevaultPeriod.default('day'), groupBy: SalesGroupBy.default('console') }),
);
export type SalesQuery = z.infer<typeof SalesQuery>;

export const SearchTermKind = z.enum(['q', 'console', 'genre', 'condition', 'sort']);
export const SearchTrendsQuery = inOrder(
  z.object({
    ...Range,
    period: GamevaultPeriod.default('all'),
    /** One kind of term: the text searched (`q`) or one filter; every kind when absent. */
    kind: SearchTermKind.optional(),
    /** The most searched terms per period. */
    limit: z.coerce.number().int().min(1).max(100).default(20),
  }),
);
export type SearchTrendsQuery = z.infer<typeof SearchTrendsQuery>;

export const SatisfactionGroupBy = z.enum(['product', 'seller', 'console', 'overall']);
export const SatisfactionQuery = inOrder(
  z.object({ ...Range, period: GamevaultPeriod.default('all'), groupBy: SatisfactionGroupBy.default('product') }),
);
export type SatisfactionQuery = z.infer<typeof SatisfactionQuery>;

export const PopularQuery = inOrder(z.object({ ...Range, limit: z.coerce.number().int().min(1).max(100).default(10) }));
export type PopularQuery = z.infer<typeof PopularQuery>;

const count = z.number().int();

/** Paid lines per group and period: orders, units and their amount before discount and IGV. */
export const SalesRow = z.object({
  /** First day of the period in Lima; null for period=all. */
  period: z.iso.date().nullable(),
  /** The console, seller id, product id, or `all`. */
  key: z.string(),
  /** The product's title for groupBy=product; else the key. */
  label: z.string(),
  orders: count,
  units: count,
  /** Σ line totals (unit price × quantity, before the order's discount and IGV), PEN cents. */
  revenueCents: count,
});
export type SalesRow = z.infer<typeof SalesRow>;

export const SalesReport = reportOf(
  { report: z.literal('sales'), groupBy: SalesGroupBy, period: GamevaultPeriod },
  SalesRow,
);
export type SalesReport = z.infer<typeof SalesReport>;

export const SearchTrendRow = z.object({
  period: z.iso.date().nullable(),
  /** `kind:value`, e.g. `q:zelda` or `console:switch`. */
  key: z.string(),
  kind: SearchTermKind,
  /** The normalized text (trimmed, lower case) or the filter's value. */
  label: z.string(),
  searches: count,
  /** Rank in its period, 1 the most searched (ties by term). */
  rank: count,
});
export type SearchTrendRow = z.infer<typeof SearchTrendRow>;

export const SearchTrendsReport = reportOf(
  { report: z.literal('search-trends'), groupBy: z.literal('term'), period: GamevaultPeriod },
  SearchTrendRow,
  { kind: SearchTermKind.nullable(), limit: count, searches: count },
);
export type SearchTrendsReport = z.infer<typeof SearchTrendsReport>;

export const SatisfactionRow = z.object({
  period: z.iso.date().nullable(),
  key: z.string(),
  label: z.string(),
  reviews: count,
  /** Mean rating (1 to 5), 2 decimals. */
  averageRating: z.number(),
  stars1: count,
  stars2: count,
  stars3: count,
  stars4: count,
  stars5: count,
});
export type SatisfactionRow = z.infer<typeof SatisfactionRow>;

export const SatisfactionReport = reportOf(
  { report: z.literal('satisfaction'), groupBy: SatisfactionGroupBy, period: GamevaultPeriod },
  SatisfactionRow,
);
export type SatisfactionReport = z.infer<typeof SatisfactionReport>;

export const PopularItem = z.object({
  rank: count,
  productId: z.string(),
  title: z.string(),
  console: z.string().nullable(),
  sellerId: z.string().nullable(),
  orders: count,
  units: count,
  revenueCents: count,
  /** Approved reviews of the product and their mean rating (null without reviews), over all time. */
  reviews: count,
  averageRating: z.number().nullable(),
});
export type PopularItem = z.infer<typeof PopularItem>;

export const PopularList = listOf(PopularItem);
export type PopularList = z.infer<typeof PopularList>;
