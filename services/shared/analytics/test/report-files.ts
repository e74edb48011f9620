import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/** A report downloaded as a file: its bytes and headers (the test app's fetch reads text only). */
export async function download(base: string, path: string, token: string) {
  const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(r.status, 200, bytes.toString('utf8'));
  return { bytes, type: r.headers.get('content-type') ?? '', disposition: r.headers.get('content-disposition') ?? '' };
}

/** The first sheet of an xlsx workbook, as rows of cell values (header first, an empty cell null). */
export async function sheetRows(bytes: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  assert.ok(sheet, 'a sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null));
  });
  return rows;
}

/**
 * The text a PDF shows, one line per text operation: every content stream inflated, the hex
 * strings of its `TJ` operations decoded (pdfkit writes its standard fonts' text as WinAnsi hex).
 */
export function pdfText(bytes: Buffer): string[] {
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the PDF magic');
  const raw = bytes.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    const data = bytes.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(data).toString('latin1');
    } catch {
      content = data.toString('latin1');
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...(tj[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      lines.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return lines;
}
