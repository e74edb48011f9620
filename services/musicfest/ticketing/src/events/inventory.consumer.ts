import { EventoCancelado, EventoPublicado } from '@coordina/musicfest-festivals/contracts';
import { type EventData, on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TitularAvisado } from '../contracts/events';
import { InventoryRepository } from '../db/inventory.repository';
import { PurchasesRepository } from '../db/purchases.repository';
import { EndPurchase } from '../use-cases/end-purchase.use-case';
import { PromoteWaitlist } from '../use-cases/promote-waitlist.use-case';
import { PurchaseEventsMapper } from './purchase-events.mapper';

/**
 * Builds the inventory from the events service (higher revision wins), tells ticket holders
 * about changes and hands new seats to the waitlist; a cancellation closes the sale and ends
 * every live purchase (EndPurchase), in the consumer's transaction.
 */
@Injectable()
export class InventoryConsumer implements OnModuleInit {
  readonly #inventory = new InventoryRepository();
  readonly #purchases = new PurchasesRepository();
  readonly #events = new PurchaseEventsMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ending: EndPurchase,
    private readonly waitlist: PromoteWaitlist,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'musicfest-ticketing.inventory',
      handlers: [
        on(EventoPublicado, (d, _event, tx) => this.published(d, tx)),
        on(EventoCancelado, (d, _event, tx) => this.ending.cancelEvent(tx, d.eventId, d.reason)),
      ],
    });
  }

  async published(d: EventData<typeof EventoPublicado>, tx: Tx): Promise<void> {
    await this.#inventory.lockEvent(tx, d.eventId);
    if (!(await this.#inventory.upsertEvent(tx, d))) return;
    await this.#inventory.upsertTypes(tx, d);
    if (d.change === 'updated' && d.changedFields.length > 0) {
      for (const p of await this.#purchases.ofEvent(tx, d.eventId, ['COMPLETED'])) {
        await this.ctx.bus.publish(tx, TitularAvisado, this.#events.notice(p, 'changed', d.changedFields));
      }
    }
    // More seats may fit the line now.
    await this.waitlist.promote(tx, d.eventId);
  }
}
