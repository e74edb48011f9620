import { EventoCancelado, EventoPublicado } from '@coordina/musicfest-events/contracts';
import { type EventData, on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TitularAvisado } from '../contracts/events';
import { PurchaseEventsMapper } from './purchase-events.mapper';
import { SeatLedger } from './seat.ledger';

/**
 * Builds the inventory from the events service (higher revision wins), tells ticket holders
 * about changes, and on a cancellation closes the sale and ends every live purchase in the
 * consumer's transaction (idempotent: a purchase already ended is left alone).
 */
@Injectable()
export class InventoryConsumer implements OnModuleInit {
  readonly #events = new PurchaseEventsMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'musicfest-ticketing.inventory',
      handlers: [
        on(EventoPublicado, (d, _event, tx) => this.published(d, tx)),
        on(EventoCancelado, (d, _event, tx) => this.cancelled(d, tx)),
      ],
    });
  }

  async published(d: EventData<typeof EventoPublicado>, tx: Tx): Promise<void> {
    const { inventory, purchases } = this.ledger;
    await inventory.lockEvent(tx, d.eventId);
    if (!(await inventory.upsertEvent(tx, d))) return;
    await inventory.upsertTypes(tx, d);
    if (d.change === 'updated' && d.changedFields.length > 0) {
      for (const p of await purchases.ofEvent(tx, d.eventId, ['COMPLETED'])) {
        await this.ctx.bus.publish(tx, TitularAvisado, this.#events.notice(p, 'changed', d.changedFields));
      }
    }
    // More seats may fit the line now.
    await this.ledger.promote(tx, d.eventId);
  }

  async cancelled(d: EventData<typeof EventoCancelado>, tx: Tx): Promise<void> {
    const { inventory, purchases } = this.ledger;
    await inventory.lockEvent(tx, d.eventId);
    await inventory.cancelEvent(tx, d.eventId);
    for (const p of await purchases.ofEvent(tx, d.eventId, ['WAITLISTED', 'PENDING', 'COMPLETED'])) {
      const ended = await this.ledger.end(tx, p.id, {
        from: [p.status],
        to: 'CANCELLED',
        reason: 'event_cancelled',
        detail: `the event was cancelled: ${d.reason}`.slice(0, 500),
        refundPayment: p.status !== 'WAITLISTED',
        voidTickets: p.status === 'COMPLETED' || p.paymentStatus === 'AUTHORIZED',
        promote: false,
      });
      if (ended && p.status === 'COMPLETED') {
        await this.ctx.bus.publish(tx, TitularAvisado, this.#events.notice(ended, 'cancelled', []));
      }
    }
  }
}
