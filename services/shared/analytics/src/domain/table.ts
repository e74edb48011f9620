/** One cell of a report's table, as the files hold it. */
export type Cell = string | number | boolean | null | undefined;

/** What a report's files (CSV, xlsx, PDF) hold: a title, what was asked, and the rows' columns. */
export interface Table {
  /** The report's name, e.g. `gamevault-sales-by-console-per-day` (the file name, less its extension). */
  readonly title: string;
  /** What was asked (grouping, period, range, filters), for the heading of a PDF. */
  readonly asked: Readonly<Record<string, Cell>>;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}
