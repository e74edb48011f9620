import { ReembolsoSolicitar } from '@coordina/payments/contracts';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CompraCancelada, EntradasAnular, TitularAvisado } from '../contracts/events';
import type { PurchaseStatus } from '../contracts/purchase.dto';
import { InventoryRepository } from '../db/inventory.repository';
import type { PurchaseRecord } from '../db/purchase.record';
import { PurchasesRepository } from '../db/purchases.repository';
import { QuotasRepository } from '../db/quotas.repository';
import { LIVE_STATUSES, nextStep, voidsTickets } from '../domain/purchase.state-machine';
import type { EndReason } from '../domain/purchase-outcome.mapper';
import { PurchaseEventsMapper } from '../events/purchase-events.mapper';
import { PromoteWaitlist } from './promote-waitlist.use-case';

export interface EndHow {
  reason: EndReason;
  detail: string;
  /** Hand the freed seats to the waitlist (not when the event is cancelled). */
  promote: boolean;
}

/** Why the buyer's cancel ends a purchase in each status it may leave. */
const BY_BUYER: Partial<Record<PurchaseStatus, { reason: EndReason; detail: string }>> = {
  WAITLISTED: { reason: 'left_waitlist', detail: 'left the waitlist' },
  PENDING: { reason: 'buyer_cancelled', detail: 'cancelled by the buyer before completion' },
  COMPLETED: { reason: 'buyer_cancelled', detail: 'cancelled by the buyer, refunded' },
};

/**
 * Ending a purchase: its buyer cancels it, its event is cancelled, or its saga fails or times
 * out. The state machine says what the end does; here it is done in the caller's transaction,
 * under the event's lock: seats (or the place in line) and the quota go back, payments is asked
 * to refund, the issuer to void the tickets, compra.cancelada is announced, and freed seats go
 * to the waitlist first.
 */
@Injectable()
export class EndPurchase {
  readonly #inventory = new InventoryRepository();
  readonly #purchases = new PurchasesRepository();
  readonly #quotas = new QuotasRepository();
  readonly #events = new PurchaseEventsMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly waitlist: PromoteWaitlist,
  ) {}

  /** The buyer's cancel (or a platform admin's); completed purchases only before the purchase deadline. */
  async cancelByBuyer(user: AuthUser, id: string): Promise<void> {
    const p = await this.#purchases.find(this.ctx.db.db, id);
    if (!p) throw new AppError('NOT_FOUND', `purchase ${id} not found`);
    if (p.userId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', 'not your purchase');
    }
    // A deadlock with a consumer's batch (which may lock rows, then the event) is retried.
    await this.ctx.db.retryingTransaction(async (tx) => {
      await this.#inventory.lockEvent(tx, p.eventId);
      const now = await this.#purchases.find(tx, id);
      if (!now) throw new AppError('NOT_FOUND', `purchase ${id} not found`);
      const why = BY_BUYER[now.status];
      if (!why || !nextStep(now.status, 'cancel')) {
        throw new AppError('INVALID_STATE', `the purchase is already ${now.status}`);
      }
      if (now.status === 'COMPLETED' && Date.now() >= new Date(now.purchaseDeadline).getTime()) {
        throw new AppError('INVALID_STATE', 'the purchase deadline has passed: tickets can no longer be cancelled');
      }
      const ended = await this.end(tx, id, 'cancel', { ...why, promote: true });
      if (!ended) throw new AppError('INVALID_STATE', `the purchase is ${now.status}`);
    });
  }

  /** The event was cancelled: its sale is closed and every live purchase ends, refunded; holders are told. */
  async cancelEvent(tx: Tx, eventId: string, why: string): Promise<void> {
    await this.#inventory.lockEvent(tx, eventId);
    await this.#inventory.cancelEvent(tx, eventId);
    const detail = `the event was cancelled: ${why}`.slice(0, 500);
    for (const p of await this.#purchases.ofEvent(tx, eventId, LIVE_STATUSES)) {
      const ended = await this.end(tx, p.id, 'cancel', { reason: 'event_cancelled', detail, promote: false });
      if (ended && p.status === 'COMPLETED') {
        await this.ctx.bus.publish(tx, TitularAvisado, this.#events.notice(ended, 'cancelled', []));
      }
    }
  }

  /** Ends a live purchase; undefined when `trigger` is impossible in its status (already ended: idempotent). */
  async end(
    tx: Tx,
    id: string,
    trigger: 'cancel' | 'fail' | 'expire',
    how: EndHow,
  ): Promise<PurchaseRecord | undefined> {
    const found = await this.#purchases.find(tx, id);
    if (!found) return undefined;
    await this.#inventory.lockEvent(tx, found.eventId);
    const before = await this.#purchases.find(tx, id);
    const step = before && nextStep(before.status, trigger);
    if (!before || !step) return undefined;
    const ended = await this.#purchases.end(tx, id, before.status, trigger, how.detail, step.refund);
    if (!ended) return undefined;
    for (const item of await this.#purchases.items(tx, [id])) {
      if (step.seats === 'release_queued') await this.#inventory.dequeue(tx, item.ticketTypeId, item.quantity);
      else if (step.seats === 'release_reserved')
        await this.#inventory.release(tx, item.ticketTypeId, item.quantity, 'reserved');
      else if (step.seats === 'release_sold')
        await this.#inventory.release(tx, item.ticketTypeId, item.quantity, 'sold');
    }
    await this.#quotas.give(tx, before.userId, before.eventId, before.tickets);
    if (step.refund) {
      await this.ctx.bus.publish(tx, ReembolsoSolicitar, {
        paymentId: before.paymentId,
        reason: how.detail.slice(0, 500),
      });
    }
    if (voidsTickets(step, before.paymentStatus)) {
      await this.ctx.bus.publish(tx, EntradasAnular, { purchaseId: id, reason: how.reason });
    }
    await this.ctx.bus.publish(tx, CompraCancelada, this.#events.cancelled(ended, how.reason));
    if (how.promote) await this.waitlist.promote(tx, before.eventId);
    return ended;
  }
}
