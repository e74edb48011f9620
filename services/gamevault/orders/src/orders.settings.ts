import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

/**
 * gamevault-orders' settings, from the environment (checked at start with every other
 * service's; decision 0035):
 * - `GAMEVAULT_CART_TTL_HOURS`: a cart expires this long after its last change (default 48);
 * - `GAMEVAULT_ORDERS_STOCK_TIMEOUT_MS`: how long the saga waits for the catalog's reservation
 *   (default 30000);
 * - `GAMEVAULT_ORDERS_PAYMENT_TIMEOUT_MS`: how long it waits for the payment's outcome before
 *   releasing the stock and voiding the charge (default 300000: payments retries a charge for
 *   up to 5 minutes);
 * - `GAMEVAULT_ORDERS_FULFILMENT_TIMEOUT_MS`: how long it waits for logistics (keys, shipment)
 *   before annulling the fulfilment, refunding and releasing the stock (default 30000).
 */
export class OrdersSettings extends Settings(
  z
    .object({
      GAMEVAULT_CART_TTL_HOURS: envInt({ min: 1, default: 48 }),
      GAMEVAULT_ORDERS_STOCK_TIMEOUT_MS: envInt({ min: 100, default: 30_000 }),
      GAMEVAULT_ORDERS_PAYMENT_TIMEOUT_MS: envInt({ min: 100, default: 300_000 }),
      GAMEVAULT_ORDERS_FULFILMENT_TIMEOUT_MS: envInt({ min: 100, default: 30_000 }),
    })
    .transform((env) => ({
      cartTtlHours: env.GAMEVAULT_CART_TTL_HOURS,
      stockTimeoutMs: env.GAMEVAULT_ORDERS_STOCK_TIMEOUT_MS,
      paymentTimeoutMs: env.GAMEVAULT_ORDERS_PAYMENT_TIMEOUT_MS,
      fulfilmentTimeoutMs: env.GAMEVAULT_ORDERS_FULFILMENT_TIMEOUT_MS,
    })),
) {}
