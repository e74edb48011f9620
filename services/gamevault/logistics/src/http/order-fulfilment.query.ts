import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { OrderFulfilmentView } from '../contracts/logistics.dto';
import { FulfilmentsRepository } from '../db/fulfilments.repository';
import { KeysRepository } from '../db/keys.repository';
import { ShipmentsRepository } from '../db/shipments.repository';
import { KeyCipher } from '../domain/key-cipher';

const ADMINS = ['gamevault_admin', 'platform_admin'];

/**
 * An order's fulfilment as its buyer sees it: the keys opened for the buyer alone (an admin
 * sees the shipment, never the keys; anyone else gets 404, as if there were no such order).
 */
@Injectable()
export class OrderFulfilmentQuery {
  readonly #fulfilments = new FulfilmentsRepository();
  readonly #keys = new KeysRepository();
  readonly #shipments = new ShipmentsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cipher: KeyCipher,
  ) {}

  async get(user: AuthUser, orderId: string): Promise<OrderFulfilmentView> {
    const db = this.ctx.db.db;
    const f = await this.#fulfilments.find(db, orderId);
    const buyer = f?.userId === user.id;
    if (!f || (!buyer && !user.roles.some((r) => ADMINS.includes(r))))
      throw new AppError('NOT_FOUND', `no fulfilment for order ${orderId}`);
    const [keys, shipment] = await Promise.all([
      buyer && f.status === 'FULFILLED' ? this.#keys.ofOrder(db, orderId) : [],
      this.#shipments.ofOrder(db, orderId),
    ]);
    const history = shipment ? await this.#shipments.history(db, shipment.id) : [];
    return {
      orderId,
      status: f.status,
      keys: keys.map((k) => ({ productId: k.productId, code: this.cipher.open(k.sealed, k.productId) })),
      shipment: shipment
        ? {
            id: shipment.id,
            carrier: shipment.carrier,
            status: shipment.status,
            trackingCode: shipment.trackingCode,
            address: shipment.address,
            history: history.map((h) => ({ status: h.status, at: h.at.toISOString() })),
          }
        : null,
    };
  }
}
