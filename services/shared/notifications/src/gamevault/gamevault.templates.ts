import type { PedidoPagado } from '@coordina/gamevault-orders/contracts';
import type { Locale } from '@coordina/identity/contracts';
import type { EventData } from '@coordina/platform';
import type { Message } from '../domain/message';
import type { MessageFormat } from '../domain/message.format';

type F = MessageFormat;
type Paid = EventData<typeof PedidoPagado>;

const lines = (f: F, d: Paid) =>
  d.items.map((l) => `  ${l.quantity} × ${f.userText(l.title)}: ${f.money(l.lineTotalCents, 'PEN')}`).join('\n');
const ref = (d: Paid) => d.orderId.slice(0, 8).toUpperCase();

/** GameVault order emails, in Spanish (Peru, the default). */
const es = {
  orderPaid: (f: F, d: Paid): Message => {
    const body = `Tu pedido ${ref(d)} está pagado: ${f.money(d.totals.totalCents, 'PEN')} (IGV ${f.money(d.totals.igvCents, 'PEN')} incluido). Te avisaremos cuando esté en camino.`;
    const subject = `Confirmación de tu pedido ${ref(d)}`;
    return { kind: 'order_paid', title: subject, body, email: { subject, body: `${body}\n\n${lines(f, d)}` } };
  },
};

const en: typeof es = {
  orderPaid: (f, d) => {
    const body = `Your order ${ref(d)} is paid: ${f.money(d.totals.totalCents, 'PEN')} (IGV ${f.money(d.totals.igvCents, 'PEN')} included). We will tell you when it is on its way.`;
    const subject = `Your order ${ref(d)} is confirmed`;
    return { kind: 'order_paid', title: subject, body, email: { subject, body: `${body}\n\n${lines(f, d)}` } };
  },
};

export const gamevaultTemplates: Record<Locale, typeof es> = { es, en };
