import type { Locale } from '@coordina/identity/contracts';
import type { Message } from '../message';
import type { MessageFormat } from '../message.format';

type F = MessageFormat;
interface Alert {
  rule: string;
  state: string;
  summary: string;
}

/** The platform's texts every system shares: welcome, payments, operations alerts. */
const es = {
  welcome: (f: F, d: { name: string; system?: string }): Message => {
    const body = `Hola ${f.userText(d.name)}, tu cuenta en Coordina está lista.`;
    const next = d.system === 'musicfest' ? 'Ya puedes comprar entradas.' : 'Ya puedes reservar tu próxima cita.';
    return {
      kind: 'welcome',
      title: 'Bienvenido a Coordina',
      body,
      email: { subject: 'Bienvenido a Coordina', body: `${body}\n\n${next}` },
    };
  },
  paymentRefunded: (f: F, d: { amount: number; currency: string; reason: string }): Message => ({
    kind: 'payment_refunded',
    title: 'Pago reembolsado',
    body: `Reembolsamos ${f.money(d.amount, d.currency)} (${d.reason}).`,
  }),
  paymentFailed: (_f: F, d: { reason: string }): Message => ({
    kind: 'payment_failed',
    title: 'Pago rechazado',
    body: `No pudimos cobrar tu pago: ${d.reason}.`,
  }),
  operationsAlert: (_f: F, d: Alert): Message => {
    const firing = d.state === 'firing';
    return {
      kind: firing ? 'ops_alert' : 'ops_alert_resolved',
      title: firing ? `Alerta: ${d.rule}` : `Resuelta: ${d.rule}`,
      body: d.summary,
      email: { subject: `[Coordina ops] ${firing ? 'Alerta' : 'Resuelta'}: ${d.rule}`, body: d.summary },
    };
  },
};

const en: typeof es = {
  welcome: (f, d) => {
    const body = `Hi ${f.userText(d.name)}, your Coordina account is ready.`;
    const next = d.system === 'musicfest' ? 'You can now buy tickets.' : 'You can now book your next appointment.';
    return {
      kind: 'welcome',
      title: 'Welcome to Coordina',
      body,
      email: { subject: 'Welcome to Coordina', body: `${body}\n\n${next}` },
    };
  },
  paymentRefunded: (f, d) => ({
    kind: 'payment_refunded',
    title: 'Payment refunded',
    body: `We refunded ${f.money(d.amount, d.currency)} (${d.reason}).`,
  }),
  paymentFailed: (_f, d) => ({
    kind: 'payment_failed',
    title: 'Payment declined',
    body: `We could not charge your payment: ${d.reason}.`,
  }),
  operationsAlert: (_f, d) => {
    const firing = d.state === 'firing';
    return {
      kind: firing ? 'ops_alert' : 'ops_alert_resolved',
      title: firing ? `Alert: ${d.rule}` : `Resolved: ${d.rule}`,
      body: d.summary,
      email: { subject: `[Coordina ops] ${firing ? 'Alert' : 'Resolved'}: ${d.rule}`, body: d.summary },
    };
  },
};

export const platformTemplates: Record<Locale, typeof es> = { es, en };
