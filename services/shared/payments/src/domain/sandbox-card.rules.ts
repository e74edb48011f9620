/** The error Stripe attaches to a PaymentIntent whose charge was declined (other sandboxes: their own). */
export interface SandboxPaymentError {
  readonly type: 'card_error' | 'invalid_request_error' | 'paypal_error' | 'wallet_error';
  readonly code: string;
  readonly decline_code?: string;
  readonly message: string;
}

export type SandboxOutcome =
  | { readonly succeeded: true }
  | { readonly succeeded: false; readonly error: SandboxPaymentError };

const declined = (decline_code: string, message: string): SandboxOutcome => ({
  succeeded: false,
  error: { type: 'card_error', code: 'card_declined', decline_code, message },
});

/** Stripe test-mode payment methods the sandbox knows, and what charging each does. */
const outcomes: Readonly<Record<string, SandboxOutcome>> = {
  pm_card_visa: { succeeded: true },
  pm_card_visa_debit: { succeeded: true },
  pm_card_mastercard: { succeeded: true },
  pm_card_amex: { succeeded: true },
  // Outages (sandboxFault): each pays like pm_card_visa once the provider answers.
  pm_card_unavailable_twice: { succeeded: true },
  pm_card_unavailable: { succeeded: true },
  pm_card_timeout_once: { succeeded: true },
  pm_card_chargeDeclined: declined('generic_decline', 'Your card was declined.'),
  pm_card_chargeDeclinedInsufficientFunds: declined('insufficient_funds', 'Your card has insufficient funds.'),
  pm_card_chargeDeclinedExpiredCard: {
    succeeded: false,
    error: { type: 'card_error', code: 'expired_card', message: 'Your card has expired.' },
  },
};

/** Like Stripe test mode: `pm_card_visa` succeeds, `pm_card_chargeDeclined` declines, anything else is invalid. */
export function sandboxOutcome(paymentMethod: string): SandboxOutcome {
  return (
    (Object.hasOwn(outcomes, paymentMethod) ? outcomes[paymentMethod] : undefined) ?? {
      succeeded: false,
      error: {
        type: 'invalid_request_error',
        code: 'invalid_payment_method',
        message: `No such PaymentMethod: '${paymentMethod}'`,
      },
    }
  );
}

/**
 * A simulated outage of the provider for one charge (the same on every retry of it, by its
 * idempotency key): `unavailable` answers 503 before charging; `timeout` charges, then the
 * answer is lost. `requests`: how many requests fail so; `undefined`: every one.
 */
export interface SandboxFault {
  readonly kind: 'unavailable' | 'timeout';
  readonly requests: number | undefined;
}

const faults: Readonly<Record<string, SandboxFault>> = {
  pm_card_unavailable_twice: { kind: 'unavailable', requests: 2 },
  pm_card_unavailable: { kind: 'unavailable', requests: undefined },
  pm_card_timeout_once: { kind: 'timeout', requests: 1 },
};

/**
 * The card sandbox's magic payment methods for transient failures (decision 0073):
 * `pm_card_unavailable_twice` (503 twice, then paid), `pm_card_unavailable` (503 always),
 * `pm_card_timeout_once` (charged, but the first answer times out).
 */
export function sandboxFault(paymentMethod: string): SandboxFault | undefined {
  return Object.hasOwn(faults, paymentMethod) ? faults[paymentMethod] : undefined;
}
