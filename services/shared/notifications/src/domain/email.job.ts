import { backoffRetry } from '@coordina/platform';

/** The platform queue (pg-boss, `ctx.queue`) that hands each email to SMTP or the mailbox. */
export const EMAIL_QUEUE = 'notifications.email';

/** Five attempts, 2 s doubling up to 5 min apart, then the dead letters; a send hung for 2 min failed. */
export const EMAIL_RETRY = backoffRetry({
  attempts: 5,
  firstDelaySeconds: 2,
  maxDelaySeconds: 300,
  hungAfterSeconds: 120,
});

/**
 * Only the email's id: its addressee, text and sealed secret stay in the `emails` table, so
 * the job data (and the dead letters operators read) never hold a code or link (decision 0020).
 */
export interface EmailJob {
  emailId: string;
}
