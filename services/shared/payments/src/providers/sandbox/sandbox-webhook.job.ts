import { backoffRetry } from '@coordina/platform';

/** The platform queue (pg-boss, `ctx.queue`) that carries the sandbox's webhook deliveries. */
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

/** One webhook to deliver: the Stripe-format event, exactly as it will be signed and sent. */
export interface SandboxWebhookJob {
  eventId: string;
  intentId: string;
  payload: string;
}
