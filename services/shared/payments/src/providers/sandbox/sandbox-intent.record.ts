import type { SandboxPaymentError } from '../../domain/sandbox-card.rules';

/** A charge as a simulated provider keeps it (table sandbox_intents; a PaymentIntent for cards). */
export interface SandboxIntent {
  id: string;
  /** The simulated provider: `sandbox` (cards), `paypal`, `yape`, `plin`. */
  provider: string;
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
