import type { StockLine } from '@coordina/gamevault-catalog/contracts';

export const ORDER_SAGA = 'gamevault.order';

export interface OrderSagaState extends Record<string, unknown> {
  orderId: string;
  userId: string;
  paymentId: string;
  /** What payments charges: the card token for provider `card`. */
  paymentMethod: string;
  totalCents: number;
  /** The order's lines as the catalog reserves them (the price the buyer was shown). */
  items: StockLine[];
}
