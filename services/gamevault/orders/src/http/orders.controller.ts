import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller, Headers } from '@nestjs/common';
import type { OrderAccepted, OrderPage, OrderView } from '../contracts/order.dto';
import { ordersRoutes } from '../contracts/orders.routes';
import { OrdersService } from './orders.service';

type In<K extends RouteKey<typeof ordersRoutes>> = InputOf<typeof ordersRoutes, K>;

@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Endpoint(ordersRoutes, 'POST /api/gamevault/orders')
  checkout(
    @Input() { body }: In<'POST /api/gamevault/orders'>,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<OrderAccepted> {
    return this.orders.checkout(user, body, key);
  }

  @Endpoint(ordersRoutes, 'GET /api/gamevault/orders')
  mine(@Input() { query }: In<'GET /api/gamevault/orders'>, @CurrentUser() user: AuthUser): Promise<OrderPage> {
    return this.orders.mine(user, query);
  }

  @Endpoint(ordersRoutes, 'GET /api/gamevault/orders/:id')
  get(
    @Input() { params }: In<'GET /api/gamevault/orders/:id'>,
    @CurrentUser() user: AuthUser,
    @Headers('authorization') authorization?: string,
  ): Promise<OrderView> {
    return this.orders.get(user, params.id, authorization);
  }
}
