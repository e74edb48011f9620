import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { CartView } from '../contracts/cart.dto';
import { ordersRoutes } from '../contracts/orders.routes';
import { CartService } from './cart.service';

@Controller()
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Endpoint(ordersRoutes, 'GET /api/gamevault/cart')
  get(@CurrentUser() user: AuthUser): Promise<CartView> {
    return this.cart.get(user);
  }

  @Endpoint(ordersRoutes, 'PUT /api/gamevault/cart/items/:productId')
  set(
    @Input() { params, body }: InputOf<typeof ordersRoutes, 'PUT /api/gamevault/cart/items/:productId'>,
    @CurrentUser() user: AuthUser,
  ): Promise<CartView> {
    return this.cart.set(user, params.productId, body.quantity);
  }
}
