import { SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CompraPromovida } from '../contracts/events';
import { InventoryRepository } from '../db/inventory.repository';
import { PurchasesRepository } from '../db/purchases.repository';
import { SeatDecisionRules } from '../domain/seat-decision.rules';
import { PurchaseEventsMapper } from '../events/purchase-events.mapper';
import { PurchaseSagaStarter } from '../events/purchase-saga.starter';
import { TicketingSettings } from '../ticketing.settings';

/**
 * Promoting from the waitlist (decision 0012): under the event's lock and its types' row
 * locks, the seat rule picks the waiting purchases that fit, in line order; each becomes
 * PENDING with a new hold, is announced (compra.promovida) and starts its saga, all in the
 * caller's transaction (a release, an event's new snapshot).
 */
@Injectable()
export class PromoteWaitlist {
  readonly #seats: SeatDecisionRules;
  readonly #inventory = new InventoryRepository();
  readonly #purchases = new PurchasesRepository();
  readonly #events = new PurchaseEventsMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: TicketingSettings,
    private readonly sagas: PurchaseSagaStarter,
  ) {
    this.#seats = new SeatDecisionRules(settings.waitlistFactor);
  }

  /** Promotes what fits now; returns how many purchases were promoted. */
  async promote(tx: Tx, eventId: string): Promise<number> {
    await this.#inventory.lockEvent(tx, eventId);
    const event = await this.#inventory.findEvent(tx, eventId);
    if (event?.status !== 'ON_SALE') return 0;
    const waiting = await this.#purchases.waiting(tx, eventId, 500);
    if (waiting.length === 0) return 0;
    const items = await this.#purchases.items(
      tx,
      waiting.map((p) => p.id),
    );
    const locked = await this.#inventory.lockTypesOfEvent(tx, eventId);
    const counts = new Map(locked.map((c) => [c.id, { ...c }]));
    const line = waiting.map((p) => ({ id: p.id, lines: items.filter((i) => i.purchaseId === p.id) }));
    const promoted = this.#seats.promote(counts, line);
    await this.#inventory.writeCounts(tx, locked, counts);
    const holdUntil = new Date(Date.now() + this.settings.holdTimeoutMs);
    for (const p of promoted) {
      const pending = await this.#purchases.promote(tx, p.id, holdUntil);
      if (!pending) throw new Error(`purchase ${p.id} vanished while promoted`);
      await this.ctx.bus.publish(tx, CompraPromovida, this.#events.promoted(pending));
      await this.sagas.start(tx, pending);
    }
    return promoted.length;
  }
}
