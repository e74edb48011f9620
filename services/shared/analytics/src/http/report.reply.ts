import { type BytesAnswer, bytesAnswer, type TextAnswer, textAnswer } from '@coordina/platform';
import type { ReportFormat } from '../contracts/report-format';
import { CsvFormat } from '../domain/csv.format';
import { PdfFormat } from '../domain/pdf.format';
import type { Cell, Table } from '../domain/table';
import { XlsxFormat } from '../domain/xlsx.format';

/** A report ready to send as JSON, or as a file (CSV, xlsx, PDF) of its table. */
export interface Rendered<T> {
  json: T;
  table: Table;
}

type Cells = Record<string, Cell>;

/** What a report query asks of every system: a grouping, a period and a range. */
interface AskedReport<G extends string, P extends string> {
  groupBy: G;
  period: P;
  from?: string;
  to?: string;
}

/**
 * A report of `system`: its JSON says what was asked (with `asked`, the system's own filters)
 * before the rows; its files hold `columns` of the rows, named after what was asked.
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
  const { rows: _, report: __, ...head } = json;
  const title = `${system}-${kind}-by-${q.groupBy}-per-${q.period}`;
  return { json, table: { title, asked: head as Cells, columns, rows: rows as Cells[] } };
}

/** A list over the range asked (`q`), as JSON or as a file of `columns` named `name` (no extension). */
export function renderList<K extends string, I extends Partial<Record<K, Cell>>>(
  q: { from?: string; to?: string },
  items: I[],
  columns: readonly K[],
  name: string,
  asked: Cells = {},
): Rendered<{ from: string | null; to: string | null; items: I[] }> {
  const range = { from: q.from ?? null, to: q.to ?? null };
  return {
    json: { ...range, items },
    table: { title: name, asked: { ...range, ...asked }, columns, rows: items as Cells[] },
  };
}

/** The part of Fastify's reply the controllers touch. */
export interface Reply {
  header(name: string, value: string): unknown;
}

const FILES = {
  csv: { type: 'text/csv; charset=utf-8', render: (t: Table) => new CsvFormat().format(t.columns, t.rows) },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: (t: Table) => new XlsxFormat().format(t),
  },
  pdf: { type: 'application/pdf', render: (t: Table) => new PdfFormat().format(t) },
} as const;

/**
 * The report in the format asked by `?format=`, else CSV for `Accept: text/csv`, else JSON.
 * A file comes with its content type and `Content-Disposition: attachment` naming it.
 */
export async function sendReport<T>(
  r: Rendered<T>,
  format: ReportFormat | undefined,
  accept: string | undefined,
  reply: Reply,
): Promise<T | TextAnswer | BytesAnswer> {
  const asked = format ?? (/\btext\/csv\b/i.test(accept ?? '') ? 'csv' : 'json');
  if (asked === 'json') return r.json;
  const file = FILES[asked];
  reply.header('content-type', file.type);
  reply.header('content-disposition', `attachment; filename="${r.table.title}.${asked}"`);
  const body = await file.render(r.table);
  return typeof body === 'string' ? textAnswer(body) : bytesAnswer(body);
}
