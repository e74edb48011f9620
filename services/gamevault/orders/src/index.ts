import { StockLiberar, StockReservar } from '@coordina/gamevault-catalog/contracts';
import { EntregaAnular, EntregaPreparar } from '@coordina/gamevault-logistics/contracts';
import { PagoSolicitar, ReembolsoSolicitar } from '@coordina/payments/contracts';
import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { PedidoCancelado, PedidoCreado, PedidoPagado } from './contracts/events';
import { OrdersErrors } from './contracts/orders.errors';
import { ordersRoutes } from './contracts/orders.routes';
import { migrations } from './db/migrations';
import { OrderRefundsConsumer } from './events/order-refunds.consumer';
import { OrderSagaRegistrar } from './events/order-saga.registrar';
import { ShipmentProgressConsumer } from './events/shipment-progress.consumer';
import { CartController } from './http/cart.controller';
import { CartService } from './http/cart.service';
import { CatalogClient } from './http/catalog.client';
import { LogisticsClient } from './http/logistics.client';
import { OrdersController } from './http/orders.controller';
import { OrdersService } from './http/orders.service';
import { OrdersModule } from './orders.module';
import { OrdersSettings } from './orders.settings';

/**
 * GameVault's cart and orders (CCP in seed 001): carts that expire, checkout, and the order
 * saga it orchestrates (catalog stock, payments, logistics' keys and shipment).
 */
export const ordersService: ServiceManifest = {
  name: 'gamevault-orders',
  routes: ordersRoutes,
  events: [
    PedidoCreado,
    PedidoPagado,
    PedidoCancelado,
    // Saga commands orders sends to the catalog, to payments and to logistics.
    StockReservar,
    StockLiberar,
    PagoSolicitar,
    ReembolsoSolicitar,
    EntregaPreparar,
    EntregaAnular,
  ],
  migrations,
  errorCodes: OrdersErrors,
  // GameVault's roles (decision 0048); the routes admit every signed-in user, reads of any order admins.
  roles: defineRoles('buyer', 'seller', 'gamevault_admin'),
  settings: OrdersSettings,
  module: (ctx) =>
    serviceModule(OrdersModule, ctx, {
      controllers: [CartController, OrdersController],
      providers: [
        { provide: OrdersSettings, useValue: ctx.settings },
        CatalogClient,
        CartService,
        OrdersService,
        OrderSagaRegistrar,
        OrderRefundsConsumer,
        ShipmentProgressConsumer,
        LogisticsClient,
      ],
    }),
};

export { OrdersModule };
