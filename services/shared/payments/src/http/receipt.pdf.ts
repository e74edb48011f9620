/** What a receipt shows: what payments knows of the payment. */
export interface ReceiptData {
  paymentId: string;
  /** Where the charge came from (`gamevault:<order id>`, `booking:<id>`...). */
  reference: string;
  description: string | null;
  provider: string;
  /** The method as payments keeps it (a card token, a vault id, a masked phone). */
  method: string | null;
  providerRef: string | null;
  status: string;
  /** Cents. */
  amount: number;
  currency: 'PEN' | 'USD';
  /** The IGV included in `amount`, when the charge carried it; null: the receipt shows only the total. */
  igv: number | null;
  paidAt: Date;
  refunds: readonly { amount: number; reason: string; at: Date }[];
  /** Everything refunded so far (admin refunds and a full refund). */
  refundedTotal: number;
  issuedAt: Date;
}

/** `S/ 1,234.50` or `US$ 12.00`, from cents. */
export function formatMoney(cents: number, currency: 'PEN' | 'USD'): string {
  const symbol = currency === 'PEN' ? 'S/' : 'US$';
  const value = (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${symbol} ${value}`;
}

const lima = (d: Date) =>
  d.toLocaleString('es-PE', { timeZone: 'America/Lima', dateStyle: 'medium', timeStyle: 'short' });

/**
 * Renders a payment's digital receipt with pdfkit (pure JavaScript, the standard Helvetica
 * fonts: nothing to install). The document's metadata names the payment too.
 */
export function renderReceipt(r: ReceiptData): Promise<Buffer> {
  // Loaded on the first receipt, not at start (decision 0112).
  const PDFDocument: typeof import('pdfkit') = require('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `Comprobante de pago ${r.paymentId}`,
      Subject: `${r.reference} ${formatMoney(r.amount, r.currency)}`,
      Author: 'Coordina',
      ...(r.igv === null ? {} : { Keywords: `IGV ${formatMoney(r.igv, r.currency)}` }),
      CreationDate: r.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text('Comprobante de pago');
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(`Emitido: ${lima(r.issuedAt)}`);
  doc.moveDown(1.2).fillColor('#000');

  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(10).text(label, 56, y, { width: 150 });
    doc.font('Helvetica').text(value, 210, y, { width: 330 });
    doc.moveDown(0.3);
  };
  row('Pago', r.paymentId);
  row('Referencia', r.reference);
  if (r.description) row('Concepto', r.description);
  row('Fecha de pago', lima(r.paidAt));
  row('Medio de pago', r.method ? `${r.provider} (${r.method})` : r.provider);
  if (r.providerRef) row('Operación', r.providerRef);
  row('Estado', r.status);

  doc.moveDown(1);
  if (r.igv !== null) {
    row('Op. gravada', formatMoney(r.amount - r.igv, r.currency));
    row('IGV (18%)', formatMoney(r.igv, r.currency));
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(`Total pagado: ${formatMoney(r.amount, r.currency)}`, 56);
  if (r.refunds.length > 0 || r.refundedTotal > 0) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text('Reembolsos');
    for (const refund of r.refunds) {
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(`${lima(refund.at)}  ${formatMoney(refund.amount, r.currency)}  ${refund.reason}`);
    }
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10);
    doc.text(`Total reembolsado: ${formatMoney(r.refundedTotal, r.currency)}`);
    doc.text(`Neto: ${formatMoney(r.amount - r.refundedTotal, r.currency)}`);
  }
  if (r.igv === null) {
    doc.moveDown(2).font('Helvetica').fontSize(8).fillColor('#555');
    doc.text(
      'El desglose del IGV figura en el comprobante de quien originó el cobro: este pago recibió solo el total.',
    );
  }
  doc.end();
  return done;
}
