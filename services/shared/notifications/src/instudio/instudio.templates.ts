import type { Locale } from '@coordina/identity/contracts';
import type { Message } from '../domain/message';
import type { MessageFormat } from '../domain/message.format';

type F = MessageFormat;
interface Promotion {
  salonName: string;
  name: string;
  discountPercent: number;
  validTo: string;
}

/** InStudio's texts: bookings and promotions (the Spanish ones are the originals). */
const es = {
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
};

const en: typeof es = {
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
};

export const instudioTemplates: Record<Locale, typeof es> = { es, en };
