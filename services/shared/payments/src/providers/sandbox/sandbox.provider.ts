import { randomBytes } from 'node:crypto';
import { type Database, type Tx } from '@coordina/platform';
import { sandboxOutcome } from '../../domain/sandbox-card.rules';
import type { CreatePaymentInput, PaymentProvider } from '../payment-provider.port';
import type { SandboxEventBuilder } from './sandbox-event.builder';
import type { SandboxIntentsRepository } from './sandbox-intents.repository';
import type { SandboxWebhooks } from './sandbox-webhooks';

export interface SandboxParts {
  readonly db: Database;
  readonly intents: SandboxIntentsRepository;
  readonly webhooks: SandboxWebhooks;
  readonly events: SandboxEventBuilder;
  /** Delay before the outcome's webhook is due. */
  readonly webhookDelayMs: () => number;
}

const id = (prefix: string) => `${prefix}_sbx_${randomBytes(12).toString('hex')}`;

/**
 * A simulated provider that behaves like Stripe test mode. It decides the charge at once
 * but tells the outcome only later, by a signed webhook (a job on the platform queue).
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;

  constructor(private readonly parts: SandboxParts) {}

  async createPayment(input: CreatePaymentInput, tx?: Tx): Promise<{ providerRef: string; status: 'pending' }> {
    const q = tx ?? this.parts.db.db;
    const outcome = sandboxOutcome(input.paymentMethod);
    const { intent, created } = await this.parts.intents.insertOnce(q, {
      id: id('pi'),
      idempotencyKey: input.paymentId,
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      paymentMethod: input.paymentMethod,
      status: outcome.succeeded ? 'succeeded' : 'requires_payment_method',
      chargeId: outcome.succeeded ? id('ch') : null,
      lastPaymentError: outcome.succeeded ? null : outcome.error,
      metadata: { ...input.metadata, paymentId: input.paymentId },
    });
    if (created) {
      const event = this.parts.events.paymentIntentOutcome(intent);
      await this.parts.webhooks.schedule(tx, intent.id, event, this.parts.webhookDelayMs());
    }
    return { providerRef: intent.id, status: 'pending' };
  }

  async refund(providerRef: string, amount: number, tx?: Tx): Promise<void> {
    const q = tx ?? this.parts.db.db;
    const refunded = await this.parts.intents.refund(q, providerRef, amount);
    if (refunded) {
      const event = this.parts.events.chargeRefunded(refunded);
      await this.parts.webhooks.schedule(tx, refunded.id, event, this.parts.webhookDelayMs());
      return;
    }
    const intent = await this.parts.intents.find(q, providerRef);
    // Asking again for a refund already made is a no-op (idempotent); anything else is an error.
    if (intent?.status === 'succeeded' && intent.amountRefunded >= amount) return;
    throw new Error(
      `sandbox: cannot refund ${amount} of ${providerRef} (${intent ? intent.status : 'no such intent'})`,
    );
  }
}
