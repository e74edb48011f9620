import type {
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  EntradasAgotadas,
  TitularAvisado,
} from '@coordina/musicfest-ticketing/contracts';
import type { EventData } from '@coordina/platform';
import type { Message } from '../domain/message';
import type { MessageFormat } from '../domain/message.format';
import { musicfestParts } from './musicfest.parts';

type F = MessageFormat;
type Created = EventData<typeof CompraCreada>;
type Completed = EventData<typeof CompraCompletada>;
type Cancelled = EventData<typeof CompraCancelada>;
type Notice = EventData<typeof TitularAvisado>;
const { seats, codes, mail } = musicfestParts;

const ES_REASONS: Record<Cancelled['reason'], string> = {
  buyer_cancelled: 'la cancelaste',
  payment_declined: 'el pago fue rechazado',
  payment_timeout: 'el pago no se completó a tiempo',
  tickets_not_issued: 'no pudimos emitir tus entradas',
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

/** MusicFest purchase and event emails (ticket holders and managers), in Spanish. */
export const musicfestEs = {
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
      `\n\nCódigos de tus entradas:\n${codes(d.tickets)}\n\nPresenta cada código (o su QR) en la puerta.`,
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
