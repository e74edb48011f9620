import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PurchaseView } from '../contracts/purchase.dto';
import type { EndOptions } from '../events/seat.ledger';
import { SeatLedger } from '../events/seat.ledger';
import { PurchaseViewsService } from './purchase-views.service';

/**
 * The buyer's cancel: leave the waitlist, abandon a pending purchase (its payment is voided or
 * refunded), or give back a completed one before the event's purchase deadline (tickets
 * voided, refunded). Freed seats go to the waitlist first, in the same transaction.
 */
@Injectable()
export class CancellationsService {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
    private readonly views: PurchaseViewsService,
  ) {}

  async cancel(user: AuthUser, id: string): Promise<PurchaseView> {
    const p = await this.ledger.purchases.find(this.ctx.db.db, id);
    if (!p) throw new AppError('NOT_FOUND', `purchase ${id} not found`);
    if (p.userId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', 'not your purchase');
    }
    // A deadlock with a consumer's batch (which may lock rows, then the event) is retried.
    await this.ctx.db.retryingTransaction(async (tx) => {
      await this.ledger.inventory.lockEvent(tx, p.eventId);
      const now = await this.ledger.purchases.find(tx, id);
      if (!now) throw new AppError('NOT_FOUND', `purchase ${id} not found`);
      const options = this.#options(now.status, now.paymentStatus, new Date(now.purchaseDeadline));
      const ended = await this.ledger.end(tx, id, options);
      if (!ended) throw new AppError('INVALID_STATE', `the purchase is ${now.status}`);
    });
    return this.views.get(user, id);
  }

  #options(status: string, paymentStatus: string, deadline: Date): EndOptions {
    const base = { to: 'CANCELLED' as const, promote: true };
    if (status === 'WAITLISTED') {
      return {
        ...base,
        from: ['WAITLISTED'],
        reason: 'left_waitlist',
        detail: 'left the waitlist',
        refundPayment: false,
        voidTickets: false,
      };
    }
    if (status === 'PENDING') {
      return {
        ...base,
        from: ['PENDING'],
        reason: 'buyer_cancelled',
        detail: 'cancelled by the buyer before completion',
        refundPayment: true,
        voidTickets: paymentStatus === 'AUTHORIZED',
      };
    }
    if (status === 'COMPLETED') {
      if (Date.now() >= deadline.getTime()) {
        throw new AppError('INVALID_STATE', 'the purchase deadline has passed: tickets can no longer be cancelled');
      }
      return {
        ...base,
        from: ['COMPLETED'],
        reason: 'buyer_cancelled',
        detail: 'cancelled by the buyer, refunded',
        refundPayment: true,
        voidTickets: true,
      };
    }
    throw new AppError('INVALID_STATE', `the purchase is already ${status}`);
  }
}
