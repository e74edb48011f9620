import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { SandboxOutcome } from '../../domain/sandbox-card.rules';
import type { CreatePaymentInput } from '../payment-provider.port';
import type { SandboxEvents } from '../sandbox/sandbox.provider';
import type { SandboxIntent } from '../sandbox/sandbox-intent.record';
import type { SandboxKeys } from '../sandbox/sandbox-keys';
import { PAYPAL_AUTH_ALGO, PAYPAL_HEADERS, paypalSignedMessage } from './paypal-signature';

/** The certificate URL the sandbox signs with: the only one trusted while it is the PayPal adapter. */
export const SANDBOX_PAYPAL_CERT_URL = 'https://paypal-sandbox.coordina.invalid/v1/notifications/certs/CERT-SANDBOX';

/** Like PayPal's sandbox buyers: `paypal_vault_ok` pays, `paypal_vault_declined` is denied, any other is unknown. */
export function paypalSandboxOutcome(input: CreatePaymentInput): SandboxOutcome {
  switch (input.paymentMethod) {
    case 'paypal_vault_ok':
      return { succeeded: true };
    case 'paypal_vault_declined':
      return {
        succeeded: false,
        error: { type: 'paypal_error', code: 'PAYMENT_DENIED', message: 'The payment was denied by PayPal.' },
      };
    default:
      return {
        succeeded: false,
        error: {
          type: 'paypal_error',
          code: 'INVALID_RESOURCE_ID',
          message: `Specified resource ID does not exist: vault id '${input.paymentMethod}'.`,
        },
      };
  }
}

/** The sandbox's RSA signing key (PKCS#8 PEM), made once and kept in the payments database. */
export class PayPalSandboxKey {
  #keys: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | undefined;

  constructor(private readonly keys: SandboxKeys) {}

  privateKey = async (): Promise<KeyObject> => (await this.#pair()).privateKey;
  publicKey = async (): Promise<KeyObject> => (await this.#pair()).publicKey;

  #pair() {
    this.#keys ??= this.keys
      .get('paypal_signing_key', () =>
        generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      )
      .then((pem) => {
        const privateKey = createPrivateKey(pem);
        return { privateKey, publicKey: createPublicKey(privateKey) };
      });
    return this.#keys;
  }
}

/** Signs a sandbox webhook with PayPal's transmission headers, as PayPal signs its own. */
export function paypalSandboxSigner(key: PayPalSandboxKey, webhookId: string) {
  return async (payload: string): Promise<Record<string, string>> => {
    const id = randomUUID();
    const time = new Date().toISOString();
    const message = paypalSignedMessage(id, time, webhookId, payload);
    return {
      [PAYPAL_HEADERS.id]: id,
      [PAYPAL_HEADERS.time]: time,
      [PAYPAL_HEADERS.certUrl]: SANDBOX_PAYPAL_CERT_URL,
      [PAYPAL_HEADERS.authAlgo]: PAYPAL_AUTH_ALGO,
      [PAYPAL_HEADERS.signature]: sign('sha256', Buffer.from(message, 'utf8'), await key.privateKey()).toString(
        'base64',
      ),
    };
  };
}

const money = (intent: SandboxIntent) => ({
  currency_code: intent.currency.toUpperCase(),
  value: (intent.amount / 100).toFixed(2),
});

/** PayPal webhook events (v1 envelope, Orders v2 capture and refund resources) for sandbox orders. */
export class PayPalSandboxEvents implements SandboxEvents {
  paymentIntentOutcome(intent: SandboxIntent) {
    const completed = intent.status === 'succeeded';
    return this.#event(
      completed ? 'PAYMENT.CAPTURE.COMPLETED' : 'PAYMENT.CAPTURE.DENIED',
      'capture',
      completed ? `Payment completed for ${money(intent).value}` : 'A payment capture was denied',
      {
        id: intent.chargeId ?? `${intent.id}_denied`,
        status: completed ? 'COMPLETED' : 'DECLINED',
        ...(completed ? {} : { status_details: { reason: intent.lastPaymentError?.code ?? 'PAYMENT_DENIED' } }),
        amount: money(intent),
        final_capture: true,
        custom_id: intent.metadata.paymentId,
        supplementary_data: { related_ids: { order_id: intent.id } },
        create_time: new Date(intent.created * 1000).toISOString(),
      },
    );
  }

  chargeRefunded(intent: SandboxIntent) {
    return this.#event('PAYMENT.CAPTURE.REFUNDED', 'refund', `A ${money(intent).value} payment was refunded`, {
      id: `REFUND-${randomUUID()}`,
      status: 'COMPLETED',
      amount: { ...money(intent), value: (intent.amountRefunded / 100).toFixed(2) },
      custom_id: intent.metadata.paymentId,
      supplementary_data: { related_ids: { order_id: intent.id, capture_id: intent.chargeId } },
      links: [
        { rel: 'up', method: 'GET', href: `https://api-m.sandbox.paypal.com/v2/payments/captures/${intent.chargeId}` },
      ],
    });
  }

  #event(type: string, resourceType: string, summary: string, resource: Record<string, unknown>) {
    const id = `WH-SBX-${randomUUID().toUpperCase()}`;
    const event = {
      id,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: type,
      summary,
      resource,
    };
    return { id, payload: JSON.stringify(event) };
  }
}
