import type { Message } from './message';

const LIMA = 'America/Lima';

/** The texts users read (Spanish, Peru), one method per event. Pure: no I/O. */
export class MessageTemplates {
  readonly #when = new Intl.DateTimeFormat('es-PE', { dateStyle: 'full', timeStyle: 'short', timeZone: LIMA });

  welcome(d: { name: string }): Message {
    const body = `Hola ${d.name}, tu cuenta en Coordina está lista.`;
    return {
      kind: 'welcome',
      title: 'Bienvenido a Coordina',
      body,
      email: { subject: 'Bienvenido a Coordina', body: `${body}\n\nYa puedes reservar tu próxima cita.` },
    };
  }

  bookingConfirmed(d: { start: string; price: number }): Message {
    const body = `Tu reserva del ${this.when(d.start)} está confirmada. Pagaste ${this.money(d.price, 'PEN')}.`;
    return {
      kind: 'booking_confirmed',
      title: 'Reserva confirmada',
      body,
      email: { subject: 'Tu reserva está confirmada', body: `${body}\n\nTe esperamos.` },
    };
  }

  bookingCancelled(d: { start: string; reason: string; refund: boolean }): Message {
    const refund = d.refund ? ' Te devolveremos el pago.' : '';
    const body = `Tu reserva del ${this.when(d.start)} fue cancelada (${d.reason}).${refund}`;
    return {
      kind: 'booking_cancelled',
      title: 'Reserva cancelada',
      body,
      email: { subject: 'Tu reserva fue cancelada', body },
    };
  }

  bookingReminder(d: { start: string; hoursBefore: number }): Message {
    const body = `Te recordamos tu cita del ${this.when(d.start)} (en ${d.hoursBefore} h).`;
    return {
      kind: 'booking_reminder',
      title: 'Recordatorio de tu cita',
      body,
      email: {
        subject: `Tu cita es en ${d.hoursBefore} horas`,
        body: `${body}\n\nSi no puedes asistir, cancélala desde la app.`,
      },
    };
  }

  promotion(d: { salonName: string; name: string; discountPercent: number; validTo: string }): Message {
    return {
      kind: 'promotion',
      title: `${d.discountPercent}% en ${d.salonName}`,
      body: `${d.name}: ${d.discountPercent}% de descuento en ${d.salonName}, hasta el ${d.validTo}.`,
    };
  }

  paymentRefunded(d: { amount: number; currency: string; reason: string }): Message {
    return {
      kind: 'payment_refunded',
      title: 'Pago reembolsado',
      body: `Reembolsamos ${this.money(d.amount, d.currency)} (${d.reason}).`,
    };
  }

  operationsAlert(d: { rule: string; state: string; summary: string }): Message {
    const firing = d.state === 'firing';
    return {
      kind: firing ? 'ops_alert' : 'ops_alert_resolved',
      title: firing ? `Alerta: ${d.rule}` : `Resuelta: ${d.rule}`,
      body: d.summary,
      email: { subject: `[Coordina ops] ${firing ? 'Alerta' : 'Resuelta'}: ${d.rule}`, body: d.summary },
    };
  }

  paymentFailed(d: { reason: string }): Message {
    return { kind: 'payment_failed', title: 'Pago rechazado', body: `No pudimos cobrar tu pago: ${d.reason}.` };
  }

  when(iso: string): string {
    return this.#when.format(new Date(iso));
  }

  /** Amounts are in cents. */
  money(cents: number, currency: string): string {
    const symbol = currency === 'PEN' ? 'S/' : currency === 'USD' ? 'US$' : currency;
    return `${symbol} ${(cents / 100).toFixed(2)}`;
  }
}
