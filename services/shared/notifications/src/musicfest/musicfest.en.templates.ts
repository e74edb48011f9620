import type { CompraCancelada } from '@coordina/musicfest-ticketing/contracts';
import type { EventData } from '@coordina/platform';
import type { musicfestEs } from './musicfest.es.templates';
import { musicfestParts } from './musicfest.parts';

type Cancelled = EventData<typeof CompraCancelada>;
const { seats, codes, mail } = musicfestParts;

const EN_REASONS: Record<Cancelled['reason'], string> = {
  buyer_cancelled: 'you cancelled it',
  payment_declined: 'the payment was declined',
  payment_timeout: 'the payment did not complete in time',
  tickets_not_issued: 'your tickets could not be issued',
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

/** MusicFest purchase and event emails, in English. */
export const musicfestEn: typeof musicfestEs = {
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
      `\n\nYour ticket codes:\n${codes(d.tickets)}\n\nShow each code (or its QR) at the door.`,
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
