import { type TextAnswer, textAnswer } from '@coordina/platform';
import type { ReportFormat } from '../contracts/report-format';
import { CsvFormat } from '../domain/csv.format';

/** A report ready to send as JSON or as CSV. */
export interface Rendered<T> {
  json: T;
  csv: () => string;
  filename: string;
}

type Cells = Record<string, string | number | boolean | null | undefined>;

/** What a report query asks of every system: a grouping, a period and a range. */
interface AskedReport<G extends string, P extends string> {
  groupBy: G;
  period: P;
  from?: string;
  to?: string;
}

/**
 * A report of `system`: its JSON says what was asked (with `asked`, the system's own filters)
 * before the rows; its CSV holds `columns` of the rows, in a file named after what was asked.
 */
export function renderReport<K extends string, G extends string, P extends string, R, A extends object>(
  system: string,
  kind: K,
  q: AskedReport<G, P>,
  rows: R[],
  columns: readonly string[],
  asked: A = {} as A,
) {
  const json = {
    report: kind,
    groupBy: q.groupBy,
    period: q.period,
    from: q.from ?? null,
    to: q.to ?? null,
    ...asked,
    rows,
  };
  return {
    json,
    csv: () => new CsvFormat().format(columns, rows as Cells[]),
    filename: `${system}-${kind}-by-${q.groupBy}-per-${q.period}.csv`,
  };
}

/** A list over the range asked (`q`), as JSON or as a CSV of `columns` in `filename`. */
export function renderList<K extends string, I extends Partial<Record<K, Cells[string]>>>(
  q: { from?: string; to?: string },
  items: I[],
  columns: readonly K[],
  filename: string,
): Rendered<{ from: string | null; to: string | null; items: I[] }> {
  return {
    json: { from: q.from ?? null, to: q.to ?? null, items },
    csv: () => new CsvFormat().format(columns, items),
    filename,
  };
}

/** The part of Fastify's reply the controllers touch. */
export interface Reply {
  header(name: string, value: string): unknown;
}

/** CSV when asked by `?format=csv`, or by `Accept: text/csv` without a format; JSON otherwise. */
export function sendReport<T>(
  r: Rendered<T>,
  format: ReportFormat | undefined,
  accept: string | undefined,
  reply: Reply,
): T | TextAnswer {
  const csv = format ? format === 'csv' : /\btext\/csv\b/i.test(accept ?? '');
  if (!csv) return r.json;
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${r.filename}"`);
  return textAnswer(r.csv());
}
