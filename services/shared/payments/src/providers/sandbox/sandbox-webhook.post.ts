import { internalCallerHeaders, type PlatformConfig } from '@coordina/platform';
import Stripe from 'stripe';
import type { WebhookProvider } from '../../contracts/payments.dto';

const TIMEOUT_MS = 10_000;

/** The card sandbox's signature: Stripe-Signature over the exact payload, as Stripe signs it. */
export function stripeSandboxSignature(config: PlatformConfig, payload: string): Record<string, string> {
  return {
    'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: config.webhookSecrets.sandbox }),
  };
}

/**
 * POSTs one sandbox webhook to payments' webhook route of its provider, with the signing
 * headers made afresh for this attempt, as the real provider would. The one place that knows
 * where the sandboxes' webhooks go.
 */
export async function postSandboxWebhook(
  config: PlatformConfig,
  provider: WebhookProvider,
  payload: string,
  signature: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${config.publicUrl}/api/payments/webhooks/${provider}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signature,
      'user-agent': 'CoordinaSandbox/1.0',
      ...internalCallerHeaders(config),
    },
    body: payload,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
}
