import type { Locale } from '@coordina/identity/contracts';
import type { Message } from '../message';
import type { MessageFormat } from './message.format';

type F = MessageFormat;
interface Alert {
  rule: string;
  state: string;
  summary: string;
}
interface Promotion {
  salonName: string;
  name: string;
  discountPercent: number;
  validTo: string;
}

/** The platform's and InStudio's texts (the Spanish ones are the originals). */
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
  bookingConfirmed: (f: F, d: { start: string; price: number }): Message => {
    const body = `Tu reserva del ${f.when(d.start)} está confirmada. Pagaste ${f.money(d.price, 'PEN')}.`;
    return {
      kind: 'booking_confirmed',
      title: 'Reserva confirmada',
      body,
      email: { subject: 'Tu reserva está confirmada', body: `${body}\n\nTe esperamos.` },
    };
  },
  bookingCancelled: (f: F, d: { start: string; reason: string; refund: boolean }): Message => {
    const refund = d.refund ? ' Te devolveremos el pago.' : '';
    const body = `Tu reserva del ${f.when(d.start)} fue cancelada (${d.reason}).${refund}`;
    return {
      kind: 'booking_cancelled',
      title: 'Reserva cancelada',
      body,
      email: { subject: 'Tu reserva fue cancelada', body },
    };
  },
  bookingReminder: (f: F, d: { start: string; hoursBefore: number }): Message => {
    const body = `Te recordamos tu cita del ${f.when(d.start)} (en ${d.hoursBefore} h).`;
    return {
      kind: 'booking_reminder',
      title: 'Recordatorio de tu cita',
      body,
      email: {
        subject: `Tu cita es en ${d.hoursBefore} horas`,
        body: `${body}\n\nSi no puedes asistir, cancélala desde la app.`,
      },
    };
  },
  promotion: (_f: F, d: Promotion): Message => ({
    kind: 'promotion',
    title: `${d.discountPercent}% en ${d.salonName}`,
    body: `${d.name}: ${d.discountPercent}% de descuento en ${d.salonName}, hasta el ${d.validTo}.`,
  }),
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
  bookingConfirmed: (f, d) => {
    const body = `Your booking on ${f.when(d.start)} is confirmed. You paid ${f.money(d.price, 'PEN')}.`;
    return {
      kind: 'booking_confirmed',
      title: 'Booking confirmed',
      body,
      email: { subject: 'Your booking is confirmed', body: `${body}\n\nSee you soon.` },
    };
  },
  bookingCancelled: (f, d) => {
    const refund = d.refund ? ' Your payment will be refunded.' : '';
    const body = `Your booking on ${f.when(d.start)} was cancelled (${d.reason}).${refund}`;
    return {
      kind: 'booking_cancelled',
      title: 'Booking cancelled',
      body,
      email: { subject: 'Your booking was cancelled', body },
    };
  },
  bookingReminder: (f, d) => {
    const body = `A reminder of your appointment on ${f.when(d.start)} (in ${d.hoursBefore} h).`;
    return {
      kind: 'booking_reminder',
      title: 'Appointment reminder',
      body,
      email: {
        subject: `Your appointment is in ${d.hoursBefore} hours`,
        body: `${body}\n\nIf you cannot make it, cancel it in the app.`,
      },
    };
  },
  promotion: (_f, d) => ({
    kind: 'promotion',
    title: `${d.discountPercent}% off at ${d.salonName}`,
    body: `${d.name}: ${d.discountPercent}% off at ${d.salonName}, until ${d.validTo}.`,
  }),
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

export const instudioTemplates: Record<Locale, typeof es> = { es, en };
