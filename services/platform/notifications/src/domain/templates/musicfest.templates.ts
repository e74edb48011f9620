import type { Locale } from '@coordina/identity/contracts';
import type {
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  EntradasAgotadas,
  TitularAvisado,
} from '@coordina/musicfest-ticketing/contracts';
import type { EventData } from '@coordina/platform';
import type { Message } from '../message';
import type { MessageFormat } from './message.format';

type F = MessageFormat;
type Created = EventData<typeof CompraCreada>;
type Completed = EventData<typeof CompraCompletada>;
type Cancelled = EventData<typeof CompraCancelada>;
type Notice = EventData<typeof TitularAvisado>;

const seats = (items: { quantity: number }[]) => items.reduce((n, i) => n + i.quantity, 0);
const codes = (d: Completed) => d.tickets.map((t) => `  ${t.code}`).join('\n');
const mail = (m: Omit<Message, 'email'>, subject: string, extra = ''): Message => ({
  ...m,
  email: { subject, body: `${m.body}${extra}` },
});

const ES_REASONS: Record<Cancelled['reason'], string> = {
  buyer_cancelled: 'la cancelaste',
  payment_declined: 'el pago fue rechazado',
  payment_timeout: 'el pago no se completó a tiempo',
  event_cancelled: 'el evento fue cancelado',
  left_waitlist: 'saliste de la lista de espera',
};
const ES_FIELDS: Record<string, string> = {
  name: 'nombre',
  startsAt: 'fecha y hora',
  durationMinutes: 'duración',
  place: 'lugar',
  description: 'descripción',
  organizer: 'organizador',
};

/** MusicFest purchase and event emails (ticket holders and managers). */
const es = {
  purchaseCreated: (f: F, d: Created): Message =>
    d.status === 'WAITLISTED'
      ? mail(
          {
            kind: 'purchase_waitlisted',
            title: `En lista de espera: ${d.eventName}`,
            body: `Tu compra de ${seats(d.items)} entradas para ${d.eventName} está en lista de espera, en la posición ${d.position ?? '?'}.`,
          },
          `Estás en la lista de espera de ${d.eventName} (posición ${d.position ?? '?'})`,
          '\n\nTe avisaremos en cuanto se liberen entradas.',
        )
      : mail(
          {
            kind: 'purchase_created',
            title: `Compra recibida: ${d.eventName}`,
            body: `Recibimos tu compra de ${seats(d.items)} entradas para ${d.eventName} por ${f.money(d.total, d.currency)}. Estamos procesando el pago.`,
          },
          `Recibimos tu compra para ${d.eventName}`,
        ),
  purchasePromoted: (_f: F, d: EventData<typeof CompraPromovida>): Message =>
    mail(
      {
        kind: 'purchase_promoted',
        title: `Entradas reservadas: ${d.eventName}`,
        body: `Se liberaron entradas y ya están reservadas para ti en ${d.eventName}. Estamos procesando tu pago.`,
      },
      `Tus entradas para ${d.eventName} están reservadas`,
    ),
  ticketsIssued: (f: F, d: Completed): Message =>
    mail(
      {
        kind: 'tickets_issued',
        title: `Tus entradas para ${d.eventName}`,
        body: `Pagaste ${f.money(d.total, d.currency)}; tus ${d.tickets.length} entradas para ${d.eventName} están listas.`,
      },
      `Tus entradas para ${d.eventName}`,
      `\n\nCódigos de tus entradas:\n${codes(d)}\n\nPresenta cada código (o su QR) en la puerta.`,
    ),
  purchaseCancelled: (f: F, d: Cancelled): Message => {
    const refund = d.refunded > 0 ? ` Te reembolsamos ${f.money(d.refunded, d.currency)}.` : '';
    const expired = d.status === 'EXPIRED';
    return mail(
      {
        kind: 'purchase_cancelled',
        title: `${expired ? 'Compra vencida' : 'Compra cancelada'}: ${d.eventName}`,
        body: `Tu compra para ${d.eventName} ${expired ? 'venció' : 'fue cancelada'} porque ${ES_REASONS[d.reason]}.${refund}`,
      },
      `Tu compra para ${d.eventName} ${expired ? 'venció' : 'fue cancelada'}`,
    );
  },
  holderNotice: (f: F, d: Notice): Message =>
    d.kind === 'cancelled'
      ? mail(
          {
            kind: 'event_cancelled',
            title: `Evento cancelado: ${d.eventName}`,
            body: `${d.eventName} fue cancelado. Te reembolsaremos todas tus entradas.`,
          },
          `${d.eventName} fue cancelado`,
        )
      : mail(
          {
            kind: 'event_changed',
            title: `Cambios en ${d.eventName}`,
            body: `${d.eventName} cambió (${f.list(d.changedFields.map((x) => ES_FIELDS[x] ?? x))}). Ahora es el ${f.when(d.startsAt)} en ${d.place}.`,
          },
          `Cambios en ${d.eventName}`,
          '\n\nTus entradas siguen siendo válidas.',
        ),
  soldOut: (_f: F, d: EventData<typeof EntradasAgotadas>): Message =>
    mail(
      {
        kind: 'sold_out',
        title: `Agotado: ${d.ticketTypeName}`,
        body: `Se agotaron las entradas ${d.ticketTypeName} de ${d.eventName}.`,
      },
      `Entradas agotadas: ${d.ticketTypeName} de ${d.eventName}`,
    ),
};

const EN_REASONS: Record<Cancelled['reason'], string> = {
  buyer_cancelled: 'you cancelled it',
  payment_declined: 'the payment was declined',
  payment_timeout: 'the payment did not complete in time',
  event_cancelled: 'the event was cancelled',
  left_waitlist: 'you left the waitlist',
};
const EN_FIELDS: Record<string, string> = {
  name: 'name',
  startsAt: 'date and time',
  durationMinutes: 'duration',
  place: 'place',
  description: 'description',
  organizer: 'organizer',
};

const en: typeof es = {
  purchaseCreated: (f, d) =>
    d.status === 'WAITLISTED'
      ? mail(
          {
            kind: 'purchase_waitlisted',
            title: `Waitlisted: ${d.eventName}`,
            body: `Your purchase of ${seats(d.items)} tickets for ${d.eventName} is on the waitlist, at position ${d.position ?? '?'}.`,
          },
          `You are on the waitlist for ${d.eventName} (position ${d.position ?? '?'})`,
          '\n\nWe will let you know as soon as tickets are freed.',
        )
      : mail(
          {
            kind: 'purchase_created',
            title: `Purchase received: ${d.eventName}`,
            body: `We received your purchase of ${seats(d.items)} tickets for ${d.eventName} for ${f.money(d.total, d.currency)}. Your payment is being processed.`,
          },
          `We received your purchase for ${d.eventName}`,
        ),
  purchasePromoted: (_f, d) =>
    mail(
      {
        kind: 'purchase_promoted',
        title: `Tickets reserved: ${d.eventName}`,
        body: `Tickets were freed and are now reserved for you at ${d.eventName}. Your payment is being processed.`,
      },
      `Your tickets for ${d.eventName} are reserved`,
    ),
  ticketsIssued: (f, d) =>
    mail(
      {
        kind: 'tickets_issued',
        title: `Your tickets for ${d.eventName}`,
        body: `You paid ${f.money(d.total, d.currency)}; your ${d.tickets.length} tickets for ${d.eventName} are ready.`,
      },
      `Your tickets for ${d.eventName}`,
      `\n\nYour ticket codes:\n${codes(d)}\n\nShow each code (or its QR) at the door.`,
    ),
  purchaseCancelled: (f, d) => {
    const refund = d.refunded > 0 ? ` We refunded ${f.money(d.refunded, d.currency)}.` : '';
    const expired = d.status === 'EXPIRED';
    return mail(
      {
        kind: 'purchase_cancelled',
        title: `${expired ? 'Purchase expired' : 'Purchase cancelled'}: ${d.eventName}`,
        body: `Your purchase for ${d.eventName} ${expired ? 'expired' : 'was cancelled'} because ${EN_REASONS[d.reason]}.${refund}`,
      },
      `Your purchase for ${d.eventName} ${expired ? 'expired' : 'was cancelled'}`,
    );
  },
  holderNotice: (f, d) =>
    d.kind === 'cancelled'
      ? mail(
          {
            kind: 'event_cancelled',
            title: `Event cancelled: ${d.eventName}`,
            body: `${d.eventName} was cancelled. All your tickets will be refunded.`,
          },
          `${d.eventName} was cancelled`,
        )
      : mail(
          {
            kind: 'event_changed',
            title: `Changes to ${d.eventName}`,
            body: `${d.eventName} changed (${f.list(d.changedFields.map((x) => EN_FIELDS[x] ?? x))}). It is now on ${f.when(d.startsAt)} at ${d.place}.`,
          },
          `Changes to ${d.eventName}`,
          '\n\nYour tickets remain valid.',
        ),
  soldOut: (_f, d) =>
    mail(
      {
        kind: 'sold_out',
        title: `Sold out: ${d.ticketTypeName}`,
        body: `${d.ticketTypeName} tickets for ${d.eventName} are sold out.`,
      },
      `Sold out: ${d.ticketTypeName} for ${d.eventName}`,
    ),
};

export const musicfestTemplates: Record<Locale, typeof es> = { es, en };
