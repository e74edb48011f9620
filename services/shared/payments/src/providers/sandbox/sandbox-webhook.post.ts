import { internalCallerHeaders, type PlatformConfig } from '@coordina/platform';
import Stripe from 'stripe';

const TIMEOUT_MS = 10_000;

/**
 * POSTs one sandbox webhook to payments' webhook route, signed afresh for this attempt
 * (Stripe-Signature over the exact payload), as Stripe would. The one place that knows
 * where the sandbox's webhooks go.
 */
export async function postSandboxWebhook(
  config: PlatformConfig,
  payload: string,
): Promise<{ status: number; body: string }> {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: config.webhookSecrets.sandbox });
  const res = await fetch(`${config.publicUrl}/api/payments/webhooks/sandbox`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signature,
      'user-agent': 'CoordinaSandbox/1.0',
      ...internalCallerHeaders(config),
    },
    body: payload,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
}
