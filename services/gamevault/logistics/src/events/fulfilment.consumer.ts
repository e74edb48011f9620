import { randomUUID } from 'node:crypto';
import { type EventData, on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CARRIER, type CarrierAdapter } from '../carriers/carrier.port';
import {
  EntregaAnular,
  EntregaFallida,
  EntregaPreparada,
  EntregaPreparar,
  EnvioActualizado,
} from '../contracts/events';
import { FulfilmentsRepository } from '../db/fulfilments.repository';
import { KeysRepository } from '../db/keys.repository';
import { ShipmentsRepository } from '../db/shipments.repository';

type Prepare = EventData<typeof EntregaPreparar>;

/**
 * Logistics' part of the orders saga. `entrega.preparar`: claims the order's fulfilment (once),
 * takes a key per unit of each digital line from its pool, asks the carrier for a label for the
 * physical lines, and answers `entrega.preparada`; a digital line short of keys gives back what
 * was taken and answers `entrega.fallida` (the saga refunds and releases the stock).
 * `entrega.anular` revokes the keys and cancels the shipment. The inbox runs each command once,
 * the fulfilment's primary key once per order, and the keys' guarded UPDATE once per key.
 */
@Injectable()
export class FulfilmentConsumer implements OnModuleInit {
  readonly #fulfilments = new FulfilmentsRepository();
  readonly #keys = new KeysRepository();
  readonly #shipments = new ShipmentsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(CARRIER) private readonly carrier: CarrierAdapter,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-logistics.fulfilment',
      handlers: [
        on(EntregaPreparar, (d, _e, tx) => this.prepare(tx, d)),
        on(EntregaAnular, (d, _e, tx) => this.annul(tx, d)),
      ],
    });
  }

  async prepare(tx: Tx, d: Prepare): Promise<void> {
    const ref = { sagaId: d.sagaId, orderId: d.orderId };
    if (!(await this.#fulfilments.claim(tx, d.orderId, d.userId, d.sagaId))) {
      // Annulled before it came (the saga gave up waiting); a fulfilled or refused order was answered.
      if ((await this.#fulfilments.find(tx, d.orderId))?.status === 'ANNULLED')
        await this.ctx.bus.publish(tx, EntregaFallida, { ...ref, reason: 'already_annulled' });
      return;
    }
    let keysDelivered = 0;
    for (const line of d.lines.filter((l) => l.format === 'digital')) {
      const got = await this.#keys.claim(tx, line.productId, d.orderId, line.quantity);
      keysDelivered += got;
      if (got < line.quantity) {
        await this.#keys.unclaim(tx, d.orderId);
        await this.#fulfilments.settle(tx, d.orderId, 'REFUSED', `out_of_keys: ${line.productId}`);
        await this.ctx.bus.publish(tx, EntregaFallida, { ...ref, reason: 'out_of_keys', productId: line.productId });
        return;
      }
    }
    const physical = d.lines.filter((l) => l.format === 'physical');
    let shipmentId: string | null = null;
    if (physical.length > 0) {
      shipmentId = randomUUID();
      await this.#shipments.insert(tx, {
        id: shipmentId,
        orderId: d.orderId,
        carrier: this.carrier.name,
        address: d.shippingAddress ?? null,
      });
      const { trackingCode } = await this.carrier.createLabel(tx, {
        shipmentId,
        orderId: d.orderId,
        units: physical.reduce((n, l) => n + l.quantity, 0),
      });
      await this.#shipments.setTracking(tx, shipmentId, trackingCode);
      await this.ctx.bus.publish(tx, EnvioActualizado, {
        orderId: d.orderId,
        shipmentId,
        carrier: this.carrier.name,
        status: 'REQUESTED',
        trackingCode,
        at: new Date().toISOString(),
      });
    }
    await this.#fulfilments.settle(tx, d.orderId, 'FULFILLED');
    await this.ctx.bus.publish(tx, EntregaPreparada, { ...ref, keysDelivered, shipmentId });
  }

  async annul(tx: Tx, d: EventData<typeof EntregaAnular>): Promise<void> {
    await this.#fulfilments.annul(tx, d.orderId, d.userId, d.reason);
    await this.#keys.revoke(tx, d.orderId);
    const shipment = await this.#shipments.ofOrder(tx, d.orderId);
    const cancelled = shipment && (await this.#shipments.move(tx, shipment.id, 'cancel', 'order annulled'));
    if (cancelled)
      await this.ctx.bus.publish(tx, EnvioActualizado, {
        orderId: d.orderId,
        shipmentId: cancelled.id,
        carrier: cancelled.carrier,
        status: 'CANCELLED',
        trackingCode: cancelled.trackingCode,
        at: new Date().toISOString(),
      });
  }
}
