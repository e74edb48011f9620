import type { Cell, Table } from './table';

/**
 * An Excel workbook (xlsx) of one table: one sheet named after the report, a bold frozen
 * header row, numbers as numbers. Text is written as text, never as a formula, so a cell
 * starting with `=` is not run by the spreadsheet.
 */
export class XlsxFormat {
  async format(table: Table): Promise<Buffer> {
    // Loaded on the first export, not at start (decision 0112).
    const ExcelJS: typeof import('exceljs') = require('exceljs');
    const book = new ExcelJS.Workbook();
    book.creator = 'Coordina analytics';
    const sheet = book.addWorksheet(sheetName(table.title), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c, key: c, width: Math.max(10, Math.min(40, c.length + 4)) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(table.columns.map((c) => cell(row[c])));
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}

function cell(value: Cell): string | number | boolean | null {
  return value === undefined ? null : value;
}

/** Excel's sheet names: at most 31 characters, none of `[]:*?/\`. */
function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'report';
}
