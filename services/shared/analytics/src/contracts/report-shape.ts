import { z } from 'zod';

/** The dates a report covers as asked (YYYY-MM-DD), null when not asked. */
const AskedRange = { from: z.iso.date().nullable(), to: z.iso.date().nullable() };

/** Refuses a query whose `to` comes before its `from`, naming `to`. */
export function inOrder<T extends z.ZodType<{ from?: string; to?: string }>>(query: T): T {
  return query.refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'to must not be before from',
    path: ['to'],
  });
}

/** A report of every system: what was asked (kind, grouping, period, range, `asked`), then its rows. */
export function reportOf<H extends z.ZodRawShape, A extends z.ZodRawShape, R extends z.ZodType>(
  head: H,
  row: R,
  asked: A = {} as A,
) {
  return z.object({ ...head, ...AskedRange, ...asked, rows: z.array(row) });
}

/** A list of every system (top services, sold-out types) over the range asked. */
export function listOf<I extends z.ZodType>(item: I) {
  return z.object({ ...AskedRange, items: z.array(item) });
}
