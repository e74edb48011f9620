import { EnvioActualizado } from '@coordina/gamevault-logistics/contracts';
import { type EventData, on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { OrdersRepository } from '../db/orders.repository';
import type { OrderTrigger } from '../domain/order.state-machine';

/** Which order trigger a shipment status is (the others change nothing of the order). */
const triggers: Partial<Record<EventData<typeof EnvioActualizado>['status'], OrderTrigger>> = {
  IN_TRANSIT: 'ship',
  DELIVERED: 'deliver',
};

/**
 * The order follows its shipment after the saga: in transit → SHIPPED, delivered → DELIVERED
 * (one guarded UPDATE each, so a repeated event changes nothing). A status that comes before
 * the saga marked the order FULFILLED fails the handler, which the consumer retries with
 * backoff until the order has caught up (per-order order is kept by the event key).
 */
@Injectable()
export class ShipmentProgressConsumer implements OnModuleInit {
  readonly #orders = new OrdersRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-orders.shipments',
      handlers: [on(EnvioActualizado, (d, _e, tx) => this.follow(tx, d))],
    });
  }

  async follow(tx: Tx, d: EventData<typeof EnvioActualizado>): Promise<void> {
    const trigger = triggers[d.status];
    if (!trigger) return;
    if (await this.#orders.move(tx, d.orderId, trigger, `shipment ${d.trackingCode ?? d.shipmentId}`)) return;
    const order = await this.#orders.find(tx, d.orderId);
    if (order?.status === 'PAID')
      throw new Error(`order ${d.orderId} is not fulfilled yet; shipment ${d.status} waits`);
  }
}
