import { type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import {
  AccessTokens,
  type CloudEvent,
  type PlatformConfig,
  type Role,
  type ServiceContext,
  sql,
} from '@coordina/platform';
import { eventually, startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import Stripe from 'stripe';
import { PagoSolicitar, ReembolsoSolicitar } from '../src/contracts';
import { paymentsService } from '../src/index';
import { PayPalSandboxKey, SANDBOX_PAYPAL_CERT_URL } from '../src/providers/paypal/paypal-sandbox';
import {
  PAYPAL_AUTH_ALGO,
  PAYPAL_HEADERS,
  paypalSignedMessage,
  SANDBOX_PAYPAL_WEBHOOK_ID,
} from '../src/providers/paypal/paypal-signature';
import { SandboxKeys } from '../src/providers/sandbox/sandbox-keys';
import { type WalletProvider, walletSignature, walletSignatureHeader } from '../src/providers/wallet/wallet-signature';

type Charge = Partial<(typeof PagoSolicitar)['schema']['_output']>;

/** A payments service booted alone, with helpers to send its commands and read what it did. */
export class PaymentsFixture {
  private constructor(
    readonly app: TestApp,
    readonly ctx: ServiceContext,
  ) {}

  static async start(config: Partial<PlatformConfig> = {}, env: Record<string, string> = {}): Promise<PaymentsFixture> {
    const app = await startTestApp({ services: [paymentsService], config, env });
    const ctx = app.contexts.get('payments');
    if (!ctx) throw new Error('payments context missing');
    return new PaymentsFixture(app, ctx);
  }

  close(): Promise<void> {
    return this.app.close();
  }

  /** Publishes pago.solicitar as a saga would; returns the command's data. */
  async requestPayment(overrides: Charge = {}) {
    const data = {
      paymentId: randomUUID(),
      sagaId: randomUUID(),
      userId: randomUUID(),
      amount: 4500,
      currency: 'PEN' as const,
      paymentMethod: 'pm_card_visa',
      reference: `booking-${randomUUID().slice(0, 8)}`,
      ...overrides,
    };
    await this.ctx.db.transaction((tx) => this.ctx.bus.publish(tx, PagoSolicitar, data));
    return data;
  }

  async requestRefund(paymentId: string, reason = 'booking cancelled'): Promise<void> {
    await this.ctx.db.transaction((tx) => this.ctx.bus.publish(tx, ReembolsoSolicitar, { paymentId, reason }));
  }

  /** Events payments published on `topic` for one payment (read from its outbox). */
  async published(topic: string, paymentId: string): Promise<CloudEvent<Record<string, unknown>>[]> {
    const r = await sql<{ event: CloudEvent<Record<string, unknown>> }>`SELECT event FROM coordina_outbox
      WHERE topic = ${topic} AND key = ${paymentId} AND event->>'source' = 'payments'`.execute(this.ctx.db.db);
    return r.rows.map((row) => row.event);
  }

  /** Waits until payments published exactly one event on `topic` for the payment, and returns it. */
  async waitForEvent(
    topic: string,
    paymentId: string,
    timeoutMs = 10_000,
  ): Promise<CloudEvent<Record<string, unknown>>> {
    const events = await eventually(async () => {
      const found = await this.published(topic, paymentId);
      return found.length > 0 ? found : undefined;
    }, timeoutMs);
    const first = events[0];
    if (!first) throw new Error('no event');
    return first;
  }

  /** Waits until the payments consumer handled `count` commands of `topic` for the payment. */
  async waitHandled(topic: string, paymentId: string, count: number): Promise<void> {
    await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_inbox i
        JOIN coordina_outbox o ON o.id = i.event_id WHERE o.key = ${paymentId} AND o.topic = ${topic}`.execute(
        this.ctx.db.db,
      );
      return (r.rows[0]?.n ?? 0) >= count;
    });
  }

  async row(paymentId: string): Promise<{ status: string; providerRef: string | null } | undefined> {
    const r = await sql<{ status: string; providerRef: string | null }>`SELECT status, provider_ref AS "providerRef"
      FROM payments WHERE id = ${paymentId}`.execute(this.ctx.db.db);
    return r.rows[0];
  }

  async waitForStatus(paymentId: string, status: string, timeoutMs = 10_000) {
    return eventually(async () => {
      const row = await this.row(paymentId);
      return row?.status === status ? row : undefined;
    }, timeoutMs);
  }

  async count(
    table: 'payments' | 'sandbox_intents' | 'payment_events',
    column: string,
    value: string,
  ): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
      WHERE ${sql.ref(column)} = ${value}`.execute(this.ctx.db.db);
    return r.rows[0]?.n ?? 0;
  }

  token(userId: string, roles: Role[] = ['client']): Promise<string> {
    return new AccessTokens(this.app.config.jwtSecret, 900).sign({
      id: userId,
      email: `${userId}@example.test`,
      roles,
    });
  }

  /** A Stripe-format event about a PaymentIntent, as the provider would send it. */
  intentEvent(type: string, paymentId: string, providerRef: string, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({
      id: `evt_test_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: providerRef, object: 'payment_intent', metadata: { paymentId }, ...extra } },
    });
  }

  /** Posts a webhook signed with the sandbox secret (or the given one) as Stripe signs it. */
  postWebhook(
    payload: string,
    options: { secret?: string; timestamp?: number; signature?: string | null; provider?: string } = {},
  ): Promise<TestResponse> {
    const header =
      options.signature === null
        ? undefined
        : (options.signature ??
          Stripe.webhooks.generateTestHeaderString({
            payload,
            secret: options.secret ?? this.app.config.webhookSecrets.sandbox,
            ...(options.timestamp ? { timestamp: options.timestamp } : {}),
          }));
    return this.app.fetch(`/api/payments/webhooks/${options.provider ?? 'sandbox'}`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
    });
  }

  /** Posts a raw webhook to a provider's route with the given headers (signed by the caller). */
  postSigned(provider: string, payload: string, headers: Record<string, string>): Promise<TestResponse> {
    return this.app.fetch(`/api/payments/webhooks/${provider}`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  /** PayPal's transmission headers for `payload`, signed with the sandbox's key unless told otherwise. */
  async paypalHeaders(
    payload: string,
    o: { time?: Date; key?: KeyObject; certUrl?: string; webhookId?: string } = {},
  ): Promise<Record<string, string>> {
    const id = randomUUID();
    const time = (o.time ?? new Date()).toISOString();
    const key = o.key ?? (await new PayPalSandboxKey(new SandboxKeys(this.ctx.db)).privateKey());
    const message = paypalSignedMessage(id, time, o.webhookId ?? SANDBOX_PAYPAL_WEBHOOK_ID, payload);
    return {
      [PAYPAL_HEADERS.id]: id,
      [PAYPAL_HEADERS.time]: time,
      [PAYPAL_HEADERS.certUrl]: o.certUrl ?? SANDBOX_PAYPAL_CERT_URL,
      [PAYPAL_HEADERS.authAlgo]: PAYPAL_AUTH_ALGO,
      [PAYPAL_HEADERS.signature]: sign('sha256', Buffer.from(message), key).toString('base64'),
    };
  }

  /** A PayPal PAYMENT.CAPTURE.* event about an order, as PayPal would send it. */
  paypalEvent(type: string, paymentId: string, orderId: string, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({
      id: `WH-TEST-${randomUUID()}`,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: 'capture',
      event_type: type,
      resource: {
        id: `CAPTURE-${randomBytes(6).toString('hex')}`,
        status: 'COMPLETED',
        custom_id: paymentId,
        supplementary_data: { related_ids: { order_id: orderId } },
        ...extra,
      },
    });
  }

  /** The HMAC secret a wallet sandbox signs with (kept in the payments database). */
  walletSecret(provider: WalletProvider): Promise<string> {
    return new SandboxKeys(this.ctx.db).get(`${provider}_webhook_secret`, () => randomBytes(32).toString('hex'));
  }

  /** A wallet's signature header for `payload`, with its sandbox's secret unless told otherwise. */
  async walletHeaders(provider: WalletProvider, payload: string, secret?: string): Promise<Record<string, string>> {
    return {
      [walletSignatureHeader(provider)]: walletSignature(payload, secret ?? (await this.walletSecret(provider))),
    };
  }

  /** A Yape or Plin aggregator event about a charge. */
  walletEvent(type: string, paymentId: string, chargeId: string, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({
      id: `evt_test_${randomBytes(12).toString('hex')}`,
      type,
      created: Math.floor(Date.now() / 1000),
      data: { id: chargeId, object: 'charge', metadata: { paymentId }, ...extra },
    });
  }
}
