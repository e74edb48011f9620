import type { QueueRetryOptions } from '@coordina/platform';

/** The platform queue (pg-boss, `ctx.queue`) that carries the sandbox's webhook deliveries. */
export const SANDBOX_WEBHOOK_QUEUE = 'payments.sandbox-webhook';

/**
 * Like Stripe, the sandbox retries a webhook that got no 2xx with exponential backoff for
 * hours: 16 attempts, 1 s doubling (pg-boss adds jitter) up to 30 min apart, then the dead
 * letters (`/api/ops/dead-letters`), where an operator can retry it. An attempt hung for 30 s
 * (its process died) counts as failed.
 */
export const SANDBOX_WEBHOOK_RETRY: QueueRetryOptions = {
  retryLimit: 15,
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 1800,
  expireInSeconds: 30,
};

/** One webhook to deliver: the Stripe-format event, exactly as it will be signed and sent. */
export interface SandboxWebhookJob {
  eventId: string;
  intentId: string;
  payload: string;
}
