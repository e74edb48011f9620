import type { Tx } from '@coordina/platform';

export interface CreatePaymentInput {
  /** Our payment id: the provider's idempotency key, and sent back in the webhook's metadata. */
  readonly paymentId: string;
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: string;
  readonly paymentMethod: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The payment provider port. A charge is only *submitted* here: its outcome arrives later,
 * by a signed webhook. Both calls are idempotent (same payment, same effect). `tx` is the
 * caller's transaction; an adapter whose state lives in this database (the sandbox) writes
 * in it, so a rolled-back command leaves no charge behind. Remote adapters ignore it.
 */
export interface PaymentProvider {
  readonly name: 'sandbox' | 'stripe';
  createPayment(input: CreatePaymentInput, tx?: Tx): Promise<{ providerRef: string; status: 'pending' }>;
  refund(providerRef: string, amount: number, tx?: Tx): Promise<void>;
}

/** Nest injection token of the active PaymentProvider. */
export const PAYMENT_PROVIDER = Symbol.for('coordina.payments.provider');
