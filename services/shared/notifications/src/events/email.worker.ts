import { MailSecrets } from '@coordina/identity/contracts';
import { type QueueJob, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EmailsRepository } from '../db/emails.repository';
import { DeliveryPlan } from '../domain/delivery.plan';
import { EMAIL_QUEUE, EMAIL_RETRY, type EmailJob } from '../domain/email.job';
import { MailTransport } from './mail.transport';

/** Emails a lane after the first fetches at once: far below the 2 min after which a running job counts as hung. */
const EMAIL_BATCH = 8;

/** Emails still PENDING that get their job at start (at most; rows from before the queue). */
const ADOPT_LIMIT = 10_000;

/**
 * Sends emails from the platform queue, outside any transaction: each job counts an attempt
 * on its email, opens a sealed body only for the recipient's mailbox, hands it to SMTP (or the
 * mailbox) and marks it SENT or RECORDED. A failure is recorded on the email and thrown, so
 * the queue retries it with backoff, then dead-letters it (the email is FAILED; an operator's
 * retry sends it). An email already sent is never sent again, whatever runs its job twice.
 */
@Injectable()
export class EmailWorker implements OnModuleInit {
  readonly #emails = new EmailsRepository();
  readonly #plan = new DeliveryPlan();
  readonly #transport: MailTransport;
  readonly #secrets: MailSecrets;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#transport = new MailTransport(ctx.config.smtpUrl, ctx.config.mailDir);
    this.#secrets = MailSecrets.fromJwtSecret(ctx.config.jwtSecret);
  }

  async onModuleInit(): Promise<void> {
    await this.ctx.queue.define(EMAIL_QUEUE, EMAIL_RETRY);
    await this.#adoptPending();
    // Many small jobs in a rush (a purchase's and a waitlist's emails): the lanes after the first
    // fetch and complete them in batches (decision 0140); the first still takes the most urgent alone.
    await this.ctx.queue.work<EmailJob>(EMAIL_QUEUE, (job) => this.send(job), {
      concurrency: 4,
      batchSize: EMAIL_BATCH,
    });
  }

  async send(job: QueueJob<EmailJob>): Promise<void> {
    const db = this.ctx.db.db;
    const email = await this.#emails.attempt(db, job.data.emailId);
    if (!email) return;
    try {
      // A sealed body (one-time code, reset link) is opened only here, for the recipient's mailbox.
      const body = email.sealedBody ? this.#secrets.open(email.sealedBody, email.to) : email.body;
      const status = await this.#transport.send({ id: email.id, to: email.to, subject: email.subject, body });
      await this.#emails.finish(db, email.id, status);
    } catch (err) {
      await this.#emails.fail(db, email.id, String(err), job.retryCount >= job.retryLimit);
      throw err;
    }
  }

  /** Queues the emails left PENDING without a job (the singleton key skips those that have one). */
  async #adoptPending(): Promise<void> {
    const pending = await this.#emails.pending(this.ctx.db.db, ADOPT_LIMIT);
    await this.ctx.queue.sendMany<EmailJob>(
      EMAIL_QUEUE,
      pending.map((e) => ({
        data: { emailId: e.id },
        priority: this.#plan.emailLevel(e.priority),
        singletonKey: e.id,
      })),
    );
  }
}
