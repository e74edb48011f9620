import { type TextAnswer, textAnswer } from '@coordina/platform';
import type { ReportFormat } from '../contracts/report-format';

/** A report ready to send as JSON or as CSV. */
export interface Rendered<T> {
  json: T;
  csv: () => string;
  filename: string;
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
