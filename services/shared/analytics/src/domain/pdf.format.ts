import type { Cell, Table } from './table';

const MARGIN = 36;
const ROW = 14;

/**
 * A PDF of one table (pdfkit, pure JavaScript, its built-in Helvetica): the report's title,
 * what was asked, then the rows on A4 landscape pages, the header repeated on every page.
 * Columns share the width; a cell too long for its column is cut with an ellipsis.
 */
export class PdfFormat {
  format(table: Table): Promise<Buffer> {
    // Loaded on the first export, not at start (decision 0112).
    const PDFDocument: typeof import('pdfkit') = require('pdfkit');
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: MARGIN,
      info: { Title: table.title, Producer: 'Coordina analytics' },
    });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    doc.font('Helvetica-Bold').fontSize(14).text(table.title);
    const asked = Object.entries(table.asked)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('   ');
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(asked || ' ');
    doc.moveDown();
    const width = (doc.page.width - 2 * MARGIN) / Math.max(1, table.columns.length);
    let y = doc.y;
    const line = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      cells.forEach((c, i) => {
        doc.text(c, MARGIN + i * width, y, { width: width - 4, height: ROW, lineBreak: false, ellipsis: true });
      });
      y += ROW;
    };
    line(table.columns, true);
    if (table.rows.length === 0) line(['(no rows)'], false);
    for (const row of table.rows) {
      if (y + ROW > doc.page.height - MARGIN) {
        doc.addPage();
        y = MARGIN;
        line(table.columns, true);
      }
      line(
        table.columns.map((c) => text(row[c])),
        false,
      );
    }
    doc.end();
    return done;
  }
}

function text(value: Cell): string {
  return value === null || value === undefined ? '' : String(value);
}
