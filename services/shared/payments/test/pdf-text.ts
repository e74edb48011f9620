import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, as far as pdfkit writes it: every content stream inflated, and the
 * hex strings of its TJ arrays decoded (standard fonts: one WinAnsi byte per character).
 * Words of one line come back as one string; enough to find an amount or an id.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ/g)) {
      const body = tj[1] ?? '';
      lines.push(
        [...body.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1')).join(''),
      );
    }
  }
  return lines.join('\n');
}
