import { defineRoutes, IdParams } from '@coordina/platform';
import { CartItemParams, CartView, SetCartItemBody } from './cart.dto';
import { CheckoutBody, MyOrdersQuery, OrderAccepted, OrderPage, OrderView } from './order.dto';

/** Payment requests a user may make per minute (seed 001's authors: 10, then 429). */
export const CHECKOUTS_PER_MINUTE = 10;

export const ordersRoutes = defineRoutes('gamevault-orders', [
  {
    method: 'GET',
    path: '/api/gamevault/cart',
    auth: 'authenticated',
    summary:
      "The caller's cart with current prices and totals (base, discounts, IGV 18%); expires 48 h after its last change",
    response: CartView,
    status: 200,
  },
  {
    method: 'PUT',
    path: '/api/gamevault/cart/items/:productId',
    auth: 'authenticated',
    summary: 'Set how many units of a product the cart holds (0 removes it); 409 INSUFFICIENT_STOCK above the stock',
    params: CartItemParams,
    body: SetCartItemBody,
    response: CartView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/gamevault/orders',
    auth: 'authenticated',
    summary:
      'Check out the cart: an order whose saga reserves the stock, charges the payment method and marks it paid (compensated in reverse on failure); send an Idempotency-Key; 10 per minute per user',
    body: CheckoutBody,
    response: OrderAccepted,
    status: 202,
    rateLimit: { perMinute: CHECKOUTS_PER_MINUTE },
  },
  {
    method: 'GET',
    path: '/api/gamevault/orders',
    auth: 'authenticated',
    summary: "The caller's orders, newest first",
    query: MyOrdersQuery,
    response: OrderPage,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/gamevault/orders/:id',
    auth: 'authenticated',
    summary: 'An order with its status history, lines, keys and shipment (its buyer or an admin)',
    params: IdParams,
    response: OrderView,
    status: 200,
  },
]);
