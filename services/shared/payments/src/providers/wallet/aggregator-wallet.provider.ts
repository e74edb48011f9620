import type { CreatePaymentInput, PaymentProvider } from '../payment-provider.port';
import { PaymentRejectedError } from '../payment-rejected.error';
import type { WalletProvider } from './wallet-signature';

export interface AggregatorCredentials {
  /** The aggregator's API base URL (YAPE_API_URL, PLIN_API_URL). */
  readonly apiUrl: string;
  readonly apiKey: string;
}

const TIMEOUT_MS = 15_000;

/**
 * Yape or Plin taken through a payment aggregator, as aggregators take them (Culqi's Yape
 * token, for one): the buyer's phone, the 6-digit approval code from their app and the
 * amount, in one charge request; our payment id is the idempotency key and comes back in
 * the webhook's metadata. The outcome is taken from the HMAC-signed webhook, never from this
 * answer. The approval code goes to the aggregator and nowhere else (decision 0063).
 */
export class AggregatorWalletProvider implements PaymentProvider {
  constructor(
    readonly name: WalletProvider,
    private readonly credentials: AggregatorCredentials,
  ) {}

  async createPayment(input: CreatePaymentInput): Promise<{ providerRef: string; status: 'pending' }> {
    const charge = await this.#post(
      '/charges',
      {
        source_type: this.name,
        amount: input.amount,
        currency_code: input.currency.toUpperCase(),
        phone_number: input.paymentMethod,
        otp: input.approvalCode,
        metadata: { ...input.metadata, paymentId: input.paymentId },
      },
      input.paymentId,
    );
    if (typeof charge.id !== 'string') throw new Error(`${this.name}: the charge came back without an id`);
    return { providerRef: charge.id, status: 'pending' };
  }

  async refund(providerRef: string, amount: number, _tx?: unknown, key?: string): Promise<void> {
    await this.#post(
      '/refunds',
      { charge_id: providerRef, amount, reason: 'solicitud_comprador' },
      key ? `refund:${key}` : `refund:${providerRef}:${amount}`,
    );
  }

  async #post(path: string, body: unknown, idempotencyKey: string): Promise<Record<string, unknown>> {
    const res = await fetch(new URL(path.slice(1), `${this.credentials.apiUrl.replace(/\/?$/, '/')}`), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.credentials.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return json;
    // Refused for good (a wrong or expired approval code, a bad phone): the payment fails at once.
    if (res.status >= 400 && res.status < 500 && ![401, 409, 429].includes(res.status)) {
      const code = typeof json.code === 'string' ? json.code : `${this.name}_${res.status}`;
      throw new PaymentRejectedError(code);
    }
    throw new Error(`${this.name} aggregator answered ${res.status}`);
  }
}
