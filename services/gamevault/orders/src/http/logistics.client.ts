import { logisticsRoutes, type OrderFulfilmentView } from '@coordina/gamevault-logistics/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Reads an order's fulfilment from logistics (`ctx.http`, typed by its contract) on behalf of
 * the caller: the caller's own bearer token goes along, so logistics decides who sees the keys
 * (the buyer alone) by itself; orders never holds a key.
 */
@Injectable()
export class LogisticsClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** The fulfilment, or undefined when logistics has none for this caller. */
  fulfilment(orderId: string, authorization: string): Promise<OrderFulfilmentView | undefined> {
    return this.ctx.http.find(logisticsRoutes, 'GET /api/gamevault/logistics/orders/:orderId', {
      params: { orderId },
      headers: { authorization },
    });
  }
}
