import { backoffRetry } from '@coordina/platform';
import type { WebhookProvider } from '../../contracts/payments.dto';

/** The platform queue (pg-boss, `ctx.queue`) that carries the sandboxes' webhook deliveries. */
export const SANDBOX_WEBHOOK_QUEUE = 'payments.sandbox-webhook';

/**
 * Like Stripe, the sandbox retries a webhook that got no 2xx with exponential backoff for
 * hours: 16 attempts, 1 s doubling up to 30 min apart, then the dead letters. An attempt hung
 * for 30 s counts as failed.
 */
export const SANDBOX_WEBHOOK_RETRY = backoffRetry({
  attempts: 16,
  firstDelaySeconds: 1,
  maxDelaySeconds: 1800,
  hungAfterSeconds: 30,
});

/** One webhook to deliver: the event, exactly as it will be signed and sent. */
export interface SandboxWebhookJob {
  eventId: string;
  intentId: string;
  payload: string;
  /** The simulated provider that sends it; absent: the card sandbox (`sandbox`). */
  provider?: WebhookProvider;
}
