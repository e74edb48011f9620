import type { EventoCancelado, EventoPublicado } from '@coordina/musicfest-festivals/contracts';
import type { CestaResumida, EntradasAgotadas, PURCHASE_LIFECYCLE } from '@coordina/musicfest-ticketing/contracts';
import type { EventData } from '@coordina/platform';
import type { FactRow } from '../../domain/fact-row';
import { limaDate } from '../../domain/lima-date';
import { splitCommission } from './commission.split';

interface EventMeta {
  id: string;
  type: string;
  time: string;
}

type PurchaseEvent = EventData<(typeof PURCHASE_LIFECYCLE)[number]>;

/** Turns MusicFest ticketing and events events into fact rows (pure: no I/O). */
export class MusicfestFactMapper {
  basket(e: EventMeta, d: EventData<typeof CestaResumida>): FactRow[] {
    const tickets = d.items.reduce((n, i) => n + i.quantity, 0);
    const values = {
      event_id: e.id,
      user_id: d.userId,
      mf_event_id: d.eventId,
      manager_id: d.managerId,
      tickets,
      total_cents: d.total,
      occurred_at: d.at,
      sale_date: limaDate(d.at),
    };
    return [{ table: 'mf_basket_facts', values }];
  }

  /** A purchase's fact; a completed purchase also gets one row per line with its share of the commission. */
  purchase(e: EventMeta, d: PurchaseEvent): FactRow[] {
    const completed = 'paymentId' in d ? d : undefined;
    const fact: FactRow = {
      table: 'mf_purchase_facts',
      values: {
        event_id: e.id,
        topic: e.type,
        purchase_id: d.purchaseId,
        user_id: d.userId,
        mf_event_id: d.eventId,
        event_name: d.eventName,
        manager_id: d.managerId,
        status: 'status' in d ? d.status : null,
        reason: 'reason' in d ? d.reason : null,
        from_waitlist: completed ? completed.fromWaitlist : null,
        waited_seconds: 'waitedSeconds' in d ? d.waitedSeconds : null,
        total_cents: 'total' in d ? d.total : null,
        commission_cents: completed ? completed.commission : null,
        refunded_cents: 'refunded' in d ? d.refunded : null,
        payment_id: completed ? completed.paymentId : null,
        occurred_at: d.at,
        sale_date: limaDate(d.at),
      },
    };
    if (!completed) return [fact];
    const amounts = completed.items.map((i) => i.quantity * i.unitPrice);
    const shares = splitCommission(completed.commission, amounts);
    const items: FactRow[] = completed.items.map((i, line) => ({
      table: 'mf_purchase_items',
      values: {
        event_id: e.id,
        line,
        purchase_id: d.purchaseId,
        ticket_type_id: i.ticketTypeId,
        quantity: i.quantity,
        unit_price_cents: i.unitPrice,
        amount_cents: amounts[line] ?? 0,
        commission_cents: shares[line] ?? 0,
      },
    }));
    return [fact, ...items];
  }

  /** The event's owner and name, and each ticket type's name and prices at this revision. */
  published(e: EventMeta, d: EventData<typeof EventoPublicado>): FactRow[] {
    const fact: FactRow = {
      table: 'mf_event_facts',
      values: {
        event_id: e.id,
        topic: e.type,
        mf_event_id: d.eventId,
        revision: d.revision,
        manager_id: d.managerId,
        name: d.name,
        organizer: d.organizer,
        starts_at: d.startsAt,
        size: d.size,
        reason: null,
        occurred_at: e.time,
      },
    };
    const types: FactRow[] = d.ticketTypes.map((t) => ({
      table: 'mf_ticket_types',
      values: {
        event_id: e.id,
        ticket_type_id: t.ticketTypeId,
        mf_event_id: d.eventId,
        revision: d.revision,
        name: t.name,
        price_cents: t.price,
        final_price_cents: t.finalPrice,
        commission_cents: t.commission,
        quantity: t.quantity,
      },
    }));
    return [fact, ...types];
  }

  cancelled(e: EventMeta, d: EventData<typeof EventoCancelado>): FactRow[] {
    const values = {
      event_id: e.id,
      topic: e.type,
      mf_event_id: d.eventId,
      revision: null,
      manager_id: d.managerId,
      name: d.name,
      organizer: null,
      starts_at: null,
      size: null,
      reason: d.reason,
      occurred_at: d.cancelledAt,
    };
    return [{ table: 'mf_event_facts', values }];
  }

  soldOut(e: EventMeta, d: EventData<typeof EntradasAgotadas>): FactRow[] {
    const values = {
      event_id: e.id,
      mf_event_id: d.eventId,
      event_name: d.eventName,
      manager_id: d.managerId,
      ticket_type_id: d.ticketTypeId,
      ticket_type_name: d.ticketTypeName,
      occurred_at: d.at,
      sale_date: limaDate(d.at),
    };
    return [{ table: 'mf_sold_out_facts', values }];
  }
}
