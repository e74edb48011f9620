import { defineErrorCodes } from '@coordina/platform';

/** Cart and orders' error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const OrdersErrors = defineErrorCodes({
  CART_EMPTY: { status: 409, title: 'The cart is empty' },
  CART_FULL: { status: 409, title: 'The cart holds as many products as it can' },
  INSUFFICIENT_STOCK: { status: 409, title: 'Not enough units in stock' },
  CART_CHANGED: { status: 409, title: 'The cart changed during checkout' },
});
