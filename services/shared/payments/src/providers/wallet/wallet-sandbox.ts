import { randomBytes } from 'node:crypto';
import type { SandboxOutcome } from '../../domain/sandbox-card.rules';
import type { CreatePaymentInput } from '../payment-provider.port';
import type { SandboxEvents } from '../sandbox/sandbox.provider';
import type { SandboxIntent } from '../sandbox/sandbox-intent.record';

/** The approval code the wallet sandboxes refuse (any other 6-digit code is approved). */
export const SANDBOX_DECLINED_APPROVAL_CODE = '000000';

/** Yape's and Plin's sandboxes: approval code `000000` is refused, any other approves. */
export function walletSandboxOutcome(input: CreatePaymentInput): SandboxOutcome {
  if (input.approvalCode !== SANDBOX_DECLINED_APPROVAL_CODE) return { succeeded: true };
  return {
    succeeded: false,
    error: { type: 'wallet_error', code: 'approval_code_rejected', message: 'The approval code was not accepted.' },
  };
}

/**
 * The aggregator's webhook events for Yape or Plin charges: `charge.succeeded`,
 * `charge.failed` (with the outcome's code) and `charge.refunded`, the charge as the object.
 */
export class WalletSandboxEvents implements SandboxEvents {
  constructor(private readonly provider: 'yape' | 'plin') {}

  paymentIntentOutcome(intent: SandboxIntent) {
    const succeeded = intent.status === 'succeeded';
    return this.#event(succeeded ? 'charge.succeeded' : 'charge.failed', intent, {
      status: succeeded ? 'succeeded' : 'failed',
      outcome: succeeded
        ? { code: 'approved' }
        : { code: intent.lastPaymentError?.code ?? 'declined', message: intent.lastPaymentError?.message },
    });
  }

  chargeRefunded(intent: SandboxIntent) {
    return this.#event('charge.refunded', intent, { status: 'refunded', amount_refunded: intent.amountRefunded });
  }

  #event(type: string, intent: SandboxIntent, extra: Record<string, unknown>) {
    const id = `evt_${this.provider}_sbx_${randomBytes(12).toString('hex')}`;
    const event = {
      id,
      type,
      created: Math.floor(Date.now() / 1000),
      data: {
        id: intent.id,
        object: 'charge',
        source: this.provider,
        amount: intent.amount,
        currency: intent.currency.toUpperCase(),
        phone: intent.paymentMethod,
        metadata: intent.metadata,
        ...extra,
      },
    };
    return { id, payload: JSON.stringify(event) };
  }
}
