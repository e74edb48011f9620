import { randomBytes } from 'node:crypto';
import type { Database, Tx } from '@coordina/platform';
import type { WebhookProvider } from '../../contracts/payments.dto';
import type { SandboxFault, SandboxOutcome } from '../../domain/sandbox-card.rules';
import type { CreatePaymentInput, PaymentProvider } from '../payment-provider.port';
import { ProviderUnavailableError } from '../provider-unavailable.error';
import type { SandboxIntent } from './sandbox-intent.record';
import type { SandboxIntentsRepository } from './sandbox-intents.repository';
import type { SandboxWebhooks } from './sandbox-webhooks';

/** The events a simulated provider sends, in its real counterpart's format. */
export interface SandboxEvents {
  /** The charge's outcome (succeeded or declined). */
  paymentIntentOutcome(intent: SandboxIntent): { id: string; payload: string };
  /** A refund of the charge. */
  chargeRefunded(intent: SandboxIntent): { id: string; payload: string };
}

export interface SandboxParts {
  /** The provider it simulates: the name payments records and the webhook route it posts to. */
  readonly name?: WebhookProvider;
  readonly db: Database;
  readonly intents: SandboxIntentsRepository;
  readonly webhooks: SandboxWebhooks;
  readonly events: SandboxEvents;
  /** What charging this input does, like the real provider's test data (card, vault id, code). */
  readonly outcome: (input: CreatePaymentInput) => SandboxOutcome;
  /** Signs a webhook as the real provider does. */
  readonly sign: (payload: string) => Promise<Record<string, string>>;
  /** What the provider keeps of the payment method (a masked phone: never the approval code). */
  readonly keptMethod?: (input: CreatePaymentInput) => string;
  /** Prefixes of the charge's and the capture's ids (`pi`, `ch` like Stripe). */
  readonly ids?: { readonly intent: string; readonly charge: string };
  /** A simulated outage for this input (503s, lost answers), deterministic per charge. */
  readonly fault?: (input: CreatePaymentInput) => SandboxFault | undefined;
  /** Delay before the outcome's webhook is due. */
  readonly webhookDelayMs: () => number;
}

const id = (prefix: string) => `${prefix}_sbx_${randomBytes(12).toString('hex')}`;

/**
 * A simulated provider that behaves like its real counterpart (Stripe test mode for cards,
 * PayPal, a Yape or Plin aggregator). It decides the charge at once but tells the outcome
 * only later, by a webhook signed like the real one (a job on the platform queue).
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name: WebhookProvider;
  readonly signWebhook: (payload: string) => Promise<Record<string, string>>;

  constructor(private readonly parts: SandboxParts) {
    this.name = parts.name ?? 'sandbox';
    this.signWebhook = parts.sign;
  }

  async createPayment(input: CreatePaymentInput, tx?: Tx): Promise<{ providerRef: string; status: 'pending' }> {
    const q = tx ?? this.parts.db.db;
    const fault = this.parts.fault?.(input);
    // The request counts whatever happens next: it reached the provider.
    const failing = fault ? await this.parts.intents.faultyRequest(q, input.paymentId, fault.requests) : false;
    if (fault?.kind === 'unavailable' && failing) {
      throw new ProviderUnavailableError(`${this.name} sandbox: 503 Service Unavailable`);
    }
    const outcome = this.parts.outcome(input);
    const ids = this.parts.ids ?? { intent: 'pi', charge: 'ch' };
    const { intent, created } = await this.parts.intents.insertOnce(q, {
      id: id(ids.intent),
      provider: this.name,
      idempotencyKey: input.paymentId,
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      paymentMethod: this.parts.keptMethod?.(input) ?? input.paymentMethod,
      status: outcome.succeeded ? 'succeeded' : 'requires_payment_method',
      chargeId: outcome.succeeded ? id(ids.charge) : null,
      lastPaymentError: outcome.succeeded ? null : outcome.error,
      metadata: { ...input.metadata, paymentId: input.paymentId },
    });
    if (created) {
      const event = this.parts.events.paymentIntentOutcome(intent);
      await this.parts.webhooks.schedule(tx, intent.id, event, this.parts.webhookDelayMs());
    }
    // Charged, but the answer never reached the caller.
    if (fault?.kind === 'timeout' && failing) throw new ProviderUnavailableError(`${this.name} sandbox: timed out`);
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
      `${this.name} sandbox: cannot refund ${amount} of ${providerRef} (${intent ? intent.status : 'no such intent'})`,
    );
  }
}
