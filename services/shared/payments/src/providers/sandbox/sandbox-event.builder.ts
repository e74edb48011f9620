import { randomBytes } from 'node:crypto';
import type { SandboxIntent } from './sandbox-intent.record';

/** The API version the sandbox's events claim, like a Stripe account's pinned version. */
const API_VERSION = '2025-01-27.acacia';

export interface BuiltEvent {
  id: string;
  payload: string;
}

/** Builds Stripe-format webhook events (same envelope and object shapes) for sandbox intents. */
export class SandboxEventBuilder {
  paymentIntentOutcome(intent: SandboxIntent): BuiltEvent {
    const succeeded = intent.status === 'succeeded';
    return this.#event(succeeded ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', {
      id: intent.id,
      object: 'payment_intent',
      amount: intent.amount,
      amount_received: succeeded ? intent.amount : 0,
      currency: intent.currency,
      status: intent.status,
      payment_method: intent.paymentMethod,
      latest_charge: intent.chargeId,
      last_payment_error: intent.lastPaymentError,
      metadata: intent.metadata,
      created: intent.created,
      livemode: false,
    });
  }

  chargeRefunded(intent: SandboxIntent): BuiltEvent {
    return this.#event('charge.refunded', {
      id: intent.chargeId,
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: intent.amountRefunded,
      currency: intent.currency,
      captured: true,
      paid: true,
      refunded: intent.amountRefunded >= intent.amount,
      status: 'succeeded',
      payment_intent: intent.id,
      payment_method: intent.paymentMethod,
      metadata: intent.metadata,
      created: intent.created,
      livemode: false,
    });
  }

  #event(type: string, object: Record<string, unknown>): BuiltEvent {
    const id = `evt_sbx_${randomBytes(12).toString('hex')}`;
    const event = {
      id,
      object: 'event',
      api_version: API_VERSION,
      created: Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    return { id, payload: JSON.stringify(event, null, 2) };
  }
}
