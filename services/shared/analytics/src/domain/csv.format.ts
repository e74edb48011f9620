type Cell = string | number | boolean | null | undefined;

/**
 * RFC 4180 CSV: a header line, CRLF line ends, quotes where needed. Text cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe.
 */
export class CsvFormat {
  format<K extends string>(columns: readonly K[], rows: readonly Partial<Record<K, Cell>>[]): string {
    const lines = [columns.map((c) => this.cell(c)).join(',')];
    for (const row of rows) lines.push(columns.map((c) => this.cell(row[c])).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }

  cell(value: Cell): string {
    if (value === null || value === undefined) return '';
    if (typeof value !== 'string') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  }
}
