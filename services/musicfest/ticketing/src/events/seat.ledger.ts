import type { Tx } from '@coordina/platform';
import { Injectable } from '@nestjs/common';
import type { PurchaseStatus } from '../contracts/purchase.dto';
import { InventoryRepository } from '../db/inventory.repository';
import type { PurchaseRecord } from '../db/purchase.record';
import { PurchasesRepository } from '../db/purchases.repository';
import type { EndReason } from '../domain/purchase-outcome.mapper';
import { EndPurchase } from '../use-cases/end-purchase.use-case';

/** How the purchase saga ends a purchase (purchase.saga.ts). */
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
 * What the purchase saga (purchase.saga.ts) works with: the repositories, and ending a
 * purchase. The saga ends only PENDING purchases, and its own compensations refund the payment
 * and void the tickets, so its end is the state machine's `expire` (a timeout) or `fail`; the
 * `from`, `refundPayment` and `voidTickets` it passes say the same and are not read.
 */
@Injectable()
export class SeatLedger {
  readonly inventory = new InventoryRepository();
  readonly purchases = new PurchasesRepository();

  constructor(private readonly ending: EndPurchase) {}

  end(tx: Tx, id: string, o: EndOptions): Promise<PurchaseRecord | undefined> {
    const trigger = o.to === 'EXPIRED' ? 'expire' : 'fail';
    return this.ending.end(tx, id, trigger, { reason: o.reason, detail: o.detail, promote: o.promote });
  }
}
