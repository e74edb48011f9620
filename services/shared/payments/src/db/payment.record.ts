import type { PaymentStatus } from '../domain/payment.state-machine';

/** A row of `payments`. Details are null only for a payment voided before it was requested. */
export interface PaymentRecord {
  id: string;
  sagaId: string | null;
  userId: string | null;
  amount: number | null;
  currency: 'PEN' | 'USD' | null;
  paymentMethod: string | null;
  reference: string | null;
  description: string | null;
  provider: string;
  providerRef: string | null;
  status: PaymentStatus;
  refundedAmount: number;
  refundReason: string | null;
  failureReason: string | null;
  createdAt: Date;
}
