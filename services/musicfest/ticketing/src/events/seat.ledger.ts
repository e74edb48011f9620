import { ReembolsoSolicitado } from '@coordina/payments/contracts';
import { SERVICE_CONTEXT, type ServiceContext, sql, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { AnulacionSolicitada, CompraCancelada, CompraPromovida } from '../contracts/events';
import type { PurchaseStatus } from '../contracts/purchase.dto';
import type { TypeCounts } from '../db/inventory.record';
import { InventoryRepository } from '../db/inventory.repository';
import type { PurchaseRecord } from '../db/purchase.record';
import { PurchasesRepository } from '../db/purchases.repository';
import { QuotasRepository } from '../db/quotas.repository';
import type { EndReason } from '../domain/purchase-outcome.mapper';
import { TicketingSettings } from '../ticketing.settings';
import { PurchaseEventsMapper } from './purchase-events.mapper';
import { PURCHASE_SAGA, type PurchaseSagaState } from './purchase-saga.state';

export interface EndOptions {
  from: readonly PurchaseStatus[];
  to: 'CANCELLED' | 'EXPIRED';
  reason: EndReason;
  detail: string;
  /** Ask payments to refund (or void) the payment. */
  refundPayment: boolean;
  /** Ask the issuer to void the purchase's tickets. */
  voidTickets: boolean;
  /** Hand the freed seats to the waitlist (not when the event is cancelled). */
  promote: boolean;
}

/**
 * The seats of an event move only through here: ending a purchase gives its seats (or its
 * place in line) and its quota back, and promotes the waitlist in the same transaction.
 * Every method runs under the event's lock (taken first), so releases and promotions of an
 * event run one at a time. Accepting one-type purchases does not take it: a batch decides
 * under the types' row locks (PurchaseIntakeService), which every count change here also
 * takes, so it sees the state before a release and its promotions or after them, never in
 * between.
 */
@Injectable()
export class SeatLedger {
  readonly inventory = new InventoryRepository();
  readonly purchases = new PurchasesRepository();
  readonly #quotas = new QuotasRepository();
  readonly #events = new PurchaseEventsMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: TicketingSettings,
  ) {}

  /** Ends a live purchase; undefined when it was not in `from` (already ended: idempotent). */
  async end(tx: Tx, id: string, o: EndOptions): Promise<PurchaseRecord | undefined> {
    const found = await this.purchases.find(tx, id);
    if (!found) return undefined;
    await this.inventory.lockEvent(tx, found.eventId);
    const before = await this.purchases.find(tx, id);
    if (!before || !o.from.includes(before.status)) return undefined;
    const ended = await this.purchases.end(tx, id, o.from, o.to, o.detail, o.refundPayment);
    if (!ended) return undefined;
    const changed: TypeCounts[] = [];
    for (const item of await this.purchases.items(tx, [id])) {
      const c =
        before.status === 'WAITLISTED'
          ? await this.inventory.dequeue(tx, item.ticketTypeId, item.quantity)
          : await this.inventory.release(
              tx,
              item.ticketTypeId,
              item.quantity,
              before.status === 'COMPLETED' ? 'sold' : 'reserved',
            );
      if (c) changed.push(c);
    }
    await this.#quotas.give(tx, before.userId, before.eventId, before.tickets);
    if (o.refundPayment) {
      await this.ctx.bus.publish(tx, ReembolsoSolicitado, {
        paymentId: before.paymentId,
        reason: o.detail.slice(0, 500),
      });
    }
    if (o.voidTickets) await this.ctx.bus.publish(tx, AnulacionSolicitada, { purchaseId: id, reason: o.reason });
    await this.ctx.bus.publish(tx, CompraCancelada, this.#events.cancelled(ended, o.reason));
    if (o.promote) await this.promote(tx, before.eventId);
    return ended;
  }

  /**
   * Promotes waiting purchases in line order while they fit: strict FIFO per ticket type. A
   * purchase that does not fit blocks every later purchase sharing a ticket type with it;
   * later purchases of other types may go ahead. Each promoted purchase is PENDING with a
   * new hold and starts its saga.
   */
  async promote(tx: Tx, eventId: string): Promise<number> {
    await this.inventory.lockEvent(tx, eventId);
    const event = await this.inventory.findEvent(tx, eventId);
    if (event?.status !== 'ON_SALE') return 0;
    const typeCount = (await this.inventory.typesOf(tx, eventId)).length;
    const waiting = await this.purchases.waiting(tx, eventId, 500);
    if (waiting.length === 0) return 0;
    const items = await this.purchases.items(
      tx,
      waiting.map((p) => p.id),
    );
    const blocked = new Set<string>();
    let promoted = 0;
    for (const p of waiting) {
      if (blocked.size >= typeCount) break;
      const mine = items.filter((i) => i.purchaseId === p.id);
      if (mine.some((i) => blocked.has(i.ticketTypeId))) {
        for (const i of mine) blocked.add(i.ticketTypeId);
        continue;
      }
      await sql`SAVEPOINT promote_one`.execute(tx);
      const changed: TypeCounts[] = [];
      for (const i of mine) {
        const c = await this.inventory.promote(tx, i.ticketTypeId, i.quantity);
        if (!c) break;
        changed.push(c);
      }
      if (changed.length < mine.length) {
        await sql`ROLLBACK TO SAVEPOINT promote_one`.execute(tx);
        for (const i of mine) blocked.add(i.ticketTypeId);
        continue;
      }
      await sql`RELEASE SAVEPOINT promote_one`.execute(tx);
      const pending = await this.purchases.markPending(tx, p.id, this.holdUntil(), true);
      if (!pending) throw new Error(`purchase ${p.id} vanished while promoted`);
      await this.ctx.bus.publish(tx, CompraPromovida, this.#events.promoted(pending));
      await this.startSaga(tx, pending);
      promoted++;
    }
    return promoted;
  }

  holdUntil(): Date {
    return new Date(Date.now() + this.settings.holdTimeoutMs);
  }

  async startSaga(tx: Tx, p: PurchaseRecord): Promise<void> {
    const state: PurchaseSagaState = {
      purchaseId: p.id,
      userId: p.userId,
      paymentId: p.paymentId,
      paymentMethod: p.paymentMethod,
      total: p.total,
      eventName: p.eventName,
    };
    await this.ctx.sagas.start(tx, PURCHASE_SAGA, p.id, state);
  }
}
