import type { PaymentProviderName } from '../contracts/events';
import type { WebhookProvider } from '../contracts/payments.dto';
import type { PaymentProvider } from './payment-provider.port';
import type { PayPalWebhookVerifier } from './paypal/paypal-webhook.verifier';

/** How a wallet's (Yape's, Plin's) webhooks are verified: the HMAC secret it signs them with. */
export type WalletWebhookSecret = () => Promise<string>;

/**
 * Every payment provider payments can charge with, by the name a charge asks for (`card`,
 * `paypal`, `yape`, `plin`): each is its live adapter when its credentials are configured,
 * its sandbox otherwise. A payment is refunded by the adapter that took it (its recorded
 * name), and each provider's webhooks are verified with its own means (decision 0063).
 */
export class PaymentProviders {
  readonly #byName: ReadonlyMap<WebhookProvider, PaymentProvider>;

  constructor(
    private readonly forCharges: Readonly<Record<PaymentProviderName, PaymentProvider>>,
    readonly paypalWebhooks: PayPalWebhookVerifier,
    readonly walletSecrets: Readonly<Record<'yape' | 'plin', WalletWebhookSecret>>,
  ) {
    this.#byName = new Map(Object.values(forCharges).map((p) => [p.name, p]));
  }

  /** The adapter that charges a payment asking for `provider`. */
  forCharge(provider: PaymentProviderName = 'card'): PaymentProvider {
    return this.forCharges[provider];
  }

  /** The adapter a payment was taken by, from its recorded name; throws when it is not active. */
  named(name: string): PaymentProvider {
    const adapter = this.#byName.get(name as WebhookProvider);
    if (!adapter) throw new Error(`payment provider ${name} is not active in this configuration`);
    return adapter;
  }

  /** The active adapters that are sandboxes (they deliver their own webhooks). */
  sandboxes(): PaymentProvider[] {
    return [...this.#byName.values()].filter((p) => p.signWebhook !== undefined);
  }
}

/** Nest injection token of the PaymentProviders registry. */
export const PAYMENT_PROVIDERS = Symbol.for('coordina.payments.providers');
