import type { QueueRetryOptions } from '@coordina/platform';

/** The platform queue (pg-boss, `ctx.queue`) that hands each email to SMTP or the mailbox. */
export const EMAIL_QUEUE = 'notifications.email';

/**
 * Five attempts, 2 s doubling (pg-boss adds jitter) up to 5 min apart, then the dead letters
 * (`/api/ops/dead-letters`), where an operator can retry it. A send hung for 2 min (its process
 * died) counts as failed.
 */
export const EMAIL_RETRY: QueueRetryOptions = {
  retryLimit: 4,
  retryDelaySeconds: 2,
  retryDelayMaxSeconds: 300,
  expireInSeconds: 120,
};

/**
 * Only the email's id: its addressee, text and sealed secret stay in the `emails` table, so
 * the job data (and the dead letters operators read) never hold a code or link (decision 0020).
 */
export interface EmailJob {
  emailId: string;
}
