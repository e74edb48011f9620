import type { PaymentView } from '../contracts/payments.dto';
import type { PaymentRecord } from '../db/payment.record';

export function toPaymentView(p: PaymentRecord): PaymentView {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    provider: p.provider,
    reference: p.reference,
    createdAt: p.createdAt.toISOString(),
    refundedAmount: p.refundedAmount,
  };
}
