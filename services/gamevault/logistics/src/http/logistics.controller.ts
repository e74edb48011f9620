import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, RawBody, type RouteKey } from '@coordina/platform';
import { Controller, Headers } from '@nestjs/common';
import { CARRIER_SIGNATURE_HEADER } from '../carriers/carrier-signature';
import type { CarrierWebhookAck, KeyPoolView, KeysUploaded, OrderFulfilmentView } from '../contracts/logistics.dto';
import { logisticsRoutes } from '../contracts/logistics.routes';
import { CarrierWebhooksService } from './carrier-webhooks.service';
import { KeyPoolService } from './key-pool.service';
import { OrderFulfilmentQuery } from './order-fulfilment.query';

type In<K extends RouteKey<typeof logisticsRoutes>> = InputOf<typeof logisticsRoutes, K>;

@Controller()
export class LogisticsController {
  constructor(
    private readonly keys: KeyPoolService,
    private readonly fulfilments: OrderFulfilmentQuery,
    private readonly webhooks: CarrierWebhooksService,
  ) {}

  @Endpoint(logisticsRoutes, 'POST /api/gamevault/logistics/products/:productId/keys')
  upload(
    @Input() { params, body }: In<'POST /api/gamevault/logistics/products/:productId/keys'>,
    @CurrentUser() user: AuthUser,
  ): Promise<KeysUploaded> {
    return this.keys.upload(user, params.productId, body.keys);
  }

  @Endpoint(logisticsRoutes, 'GET /api/gamevault/logistics/products/:productId/keys')
  pool(
    @Input() { params }: In<'GET /api/gamevault/logistics/products/:productId/keys'>,
    @CurrentUser() user: AuthUser,
  ): Promise<KeyPoolView> {
    return this.keys.pool(user, params.productId);
  }

  @Endpoint(logisticsRoutes, 'GET /api/gamevault/logistics/orders/:orderId')
  order(
    @Input() { params }: In<'GET /api/gamevault/logistics/orders/:orderId'>,
    @CurrentUser() user: AuthUser,
  ): Promise<OrderFulfilmentView> {
    return this.fulfilments.get(user, params.orderId);
  }

  @Endpoint(logisticsRoutes, 'POST /api/gamevault/logistics/webhooks/carrier')
  webhook(@RawBody() raw: string, @Headers(CARRIER_SIGNATURE_HEADER) signature?: string): Promise<CarrierWebhookAck> {
    return this.webhooks.receive(raw, signature);
  }
}
