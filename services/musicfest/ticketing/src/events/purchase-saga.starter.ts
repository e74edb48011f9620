import { SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PurchaseRecord } from '../db/purchase.record';
import { PURCHASE_SAGA, type PurchaseSagaState } from './purchase-saga.state';

/** Starts a purchase's saga in the caller's transaction (a purchase with seats reserved). */
@Injectable()
export class PurchaseSagaStarter {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async start(tx: Tx, p: PurchaseRecord): Promise<void> {
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
