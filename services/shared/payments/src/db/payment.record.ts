import type { PaymentStatus } from '../domain/payment.state-machine';

/** A row of `payments`. Details are null only for a payment voided before it was requested. */
export interface PaymentRecord {
  id: string;
  sagaId: string | null;
  /** The saga that asked (pago.solicitar's `saga`), echoed on the replies; null for older payments. */
  sagaName: string | null;
  userId: string | null;
  amount: number | null;
  currency: 'PEN' | 'USD' | null;
  paymentMethod: string | null;
  reference: string | null;
  description: string | null;
  provider: string;
  providerRef: string | null;
  status: PaymentStatus;
  /** Refunds the provider accepted (partial admin refunds at once; the whole amount once REFUNDED). */
  refundedAmount: number;
  /** Refunds committed to so far (never above `amount`: a CHECK constraint). */
  refundsCommitted: number;
  /** Charge attempts made (transient provider failures are retried: decision 0073). */
  chargeAttempts: number;
  firstAttemptAt: Date | null;
  /** The IGV included in `amount`, when the requester sent it. */
  igvAmount: number | null;
  refundReason: string | null;
  failureReason: string | null;
  createdAt: Date;
}
