import type { Tx } from '@coordina/platform';
import type { WebhookProvider } from '../contracts/payments.dto';

export interface CreatePaymentInput {
  /** Our payment id: the provider's idempotency key, and sent back in the webhook's metadata. */
  readonly paymentId: string;
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: string;
  /** card: a payment method id; paypal: the buyer's vault id; yape, plin: the buyer's phone. */
  readonly paymentMethod: string;
  /** yape, plin: the one-time approval code from the buyer's app (never stored, never logged). */
  readonly approvalCode?: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The payment provider port. A charge is only *submitted* here: its outcome arrives later,
 * by a signed webhook. Both calls are idempotent (same payment, same effect). `tx` is the
 * caller's transaction; an adapter whose state lives in this database (a sandbox) writes
 * in it, so a rolled-back command leaves no charge behind. Remote adapters ignore it.
 * `name` is what the payment records, and the webhook route its events arrive on.
 */
export interface PaymentProvider {
  readonly name: WebhookProvider;
  /** A sandbox only: the headers that sign one of its webhooks, as the real provider signs them. */
  readonly signWebhook?: (payload: string) => Promise<Record<string, string>>;
  createPayment(input: CreatePaymentInput, tx?: Tx): Promise<{ providerRef: string; status: 'pending' }>;
  /**
   * Refunds `amount` of the charge. `key`: the refund's idempotency key (an admin refund's
   * id), so two refunds of the same amount are two refunds; absent: one per charge and amount.
   * A timeout or 5xx is a ProviderUnavailableError; a refused charge is a PaymentRejectedError.
   */
  refund(providerRef: string, amount: number, tx?: Tx, key?: string): Promise<void>;
}
