import type { SandboxPaymentError } from '../../domain/sandbox-card.rules';

/** A PaymentIntent as the simulated provider keeps it (table sandbox_intents). */
export interface SandboxIntent {
  id: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  status: 'succeeded' | 'requires_payment_method';
  chargeId: string | null;
  amountRefunded: number;
  lastPaymentError: SandboxPaymentError | null;
  metadata: Record<string, string>;
  created: number;
}
