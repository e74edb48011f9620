import type { StockLine } from '@coordina/gamevault-catalog/contracts';
import type { PaymentProviderName, PhoneApproval } from '@coordina/payments/contracts';

export const ORDER_SAGA = 'gamevault.order';

export interface OrderSagaState extends Record<string, unknown> {
  orderId: string;
  userId: string;
  paymentId: string;
  /** Which payments adapter charges (`card` when absent: orders placed before the other providers). */
  paymentProvider?: PaymentProviderName;
  /** What that adapter charges: a card token, a PayPal vault id, or a phone and approval code. */
  paymentMethod: string | PhoneApproval;
  totalCents: number;
  /** The IGV in `totalCents` (absent: orders placed before payments' receipts showed it). */
  igvCents?: number;
  /** The order's lines as the catalog reserves them (the price the buyer was shown). */
  items: StockLine[];
}
