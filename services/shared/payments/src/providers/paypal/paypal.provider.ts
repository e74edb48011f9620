import type { ApiError, Client, OrdersController, PaymentsController } from '@paypal/paypal-server-sdk';
import type { CreatePaymentInput, PaymentProvider } from '../payment-provider.port';
import { PaymentRejectedError } from '../payment-rejected.error';

export interface PayPalCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly environment: 'sandbox' | 'production';
}

/**
 * PayPal, through its server SDK (Orders v2): an order with intent CAPTURE paid from the
 * buyer's vaulted PayPal wallet (`payment_source.paypal.vault_id`: no redirect), our payment
 * id as `PayPal-Request-Id` (idempotency) and as the purchase unit's `custom_id` (it comes
 * back in the webhooks). The provider reference is the order id; the outcome is taken from
 * the PAYMENT.CAPTURE.* webhook, never from this answer. Refunds go through the capture.
 * The SDK is loaded on the first call, not at start (decision 0112).
 */
export class PayPalPaymentProvider implements PaymentProvider {
  readonly name = 'paypal' as const;
  #sdk: Sdk | undefined;

  constructor(
    private readonly credentials: PayPalCredentials,
    private readonly client?: Client,
  ) {}

  #load(): Sdk {
    if (this.#sdk) return this.#sdk;
    const sdk: typeof import('@paypal/paypal-server-sdk') = require('@paypal/paypal-server-sdk');
    const c =
      this.client ??
      new sdk.Client({
        clientCredentialsAuthCredentials: {
          oAuthClientId: this.credentials.clientId,
          oAuthClientSecret: this.credentials.clientSecret,
        },
        environment:
          this.credentials.environment === 'production' ? sdk.Environment.Production : sdk.Environment.Sandbox,
        timeout: 15_000,
      });
    this.#sdk = {
      orders: new sdk.OrdersController(c),
      payments: new sdk.PaymentsController(c),
      ApiError: sdk.ApiError,
      capture: sdk.CheckoutPaymentIntent.Capture,
    };
    return this.#sdk;
  }

  async createPayment(input: CreatePaymentInput): Promise<{ providerRef: string; status: 'pending' }> {
    const sdk = this.#load();
    try {
      const { result } = await sdk.orders.createOrder({
        paypalRequestId: input.paymentId,
        prefer: 'return=minimal',
        body: {
          intent: sdk.capture,
          purchaseUnits: [
            {
              referenceId: input.metadata.reference?.slice(0, 256),
              customId: input.paymentId,
              amount: { currencyCode: input.currency.toUpperCase(), value: (input.amount / 100).toFixed(2) },
            },
          ],
          paymentSource: { paypal: { vaultId: input.paymentMethod } },
        },
      });
      if (!result.id) throw new Error('PayPal created an order without an id');
      return { providerRef: result.id, status: 'pending' };
    } catch (err) {
      // 4xx other than auth and rate limits: PayPal will never accept this order (an unknown vault id...).
      if (
        err instanceof sdk.ApiError &&
        err.statusCode >= 400 &&
        err.statusCode < 500 &&
        ![401, 429].includes(err.statusCode)
      ) {
        throw new PaymentRejectedError(issueOf(err) ?? `paypal_${err.statusCode}`);
      }
      throw err;
    }
  }

  async refund(providerRef: string, amount: number, _tx?: unknown, key?: string): Promise<void> {
    const sdk = this.#load();
    const { result: order } = await sdk.orders.getOrder({ id: providerRef });
    const unit = order.purchaseUnits?.[0];
    const capture = unit?.payments?.captures?.find((c) => c.status === 'COMPLETED') ?? unit?.payments?.captures?.[0];
    if (!capture?.id || !capture.amount) throw new Error(`PayPal order ${providerRef} has no capture to refund`);
    await sdk.payments.refundCapturedPayment({
      captureId: capture.id,
      paypalRequestId: key ? `refund:${key}` : `refund:${providerRef}:${amount}`,
      body: {
        amount: { currencyCode: capture.amount.currencyCode, value: (amount / 100).toFixed(2) },
        ...(unit?.customId ? { customId: unit.customId } : {}),
      },
    });
  }
}

/** The SDK's parts this provider uses. */
interface Sdk {
  orders: OrdersController;
  payments: PaymentsController;
  ApiError: typeof ApiError;
  capture: Parameters<OrdersController['createOrder']>[0]['body']['intent'];
}

/** PayPal's error name or its first issue (`INSTRUMENT_DECLINED`, `INVALID_RESOURCE_ID`...). */
function issueOf(err: ApiError): string | undefined {
  const body = typeof err.body === 'string' ? safeJson(err.body) : undefined;
  const details = (body as { details?: { issue?: unknown }[]; name?: unknown } | undefined) ?? {};
  const issue = details.details?.[0]?.issue;
  if (typeof issue === 'string') return issue;
  return typeof details.name === 'string' ? details.name : undefined;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
