import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CartsRepository } from '../db/carts.repository';
import { OrdersRepository } from '../db/orders.repository';
import { OrdersSettings } from '../orders.settings';
import { orderSaga } from './order.saga';

/**
 * Registers the order saga (and with it the consumer of its catalog and payment replies); the
 * refunds payments reports are OrderRefundsConsumer's.
 */
@Injectable()
export class OrderSagaRegistrar implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: OrdersSettings,
  ) {}

  onModuleInit(): void {
    const orders = new OrdersRepository();
    this.ctx.sagas.register(
      orderSaga({
        orders,
        carts: new CartsRepository(this.settings.cartTtlHours),
        settings: this.settings,
      }),
    );
  }
}
