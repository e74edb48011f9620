import { MailSecrets } from '@coordina/identity/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EmailsRepository } from '../db/emails.repository';
import { RetryPolicy } from '../domain/retry.policy';
import { MailTransport } from './mail.transport';

/**
 * Delivers the email outbox outside any transaction: claims PENDING rows (FOR UPDATE SKIP
 * LOCKED, with a lease, so several instances share the work), sends or records each one,
 * and retries failures with backoff until they are FAILED for good.
 */
@Injectable()
export class EmailSender implements OnModuleInit, OnModuleDestroy {
  readonly #emails = new EmailsRepository();
  readonly #retry = new RetryPolicy();
  readonly #transport: MailTransport;
  readonly #secrets: MailSecrets;
  readonly #idleMs = 200;
  readonly #batch = 20;
  readonly #leaseSeconds = 60;
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#transport = new MailTransport(ctx.config.smtpUrl, ctx.config.mailDir);
    this.#secrets = MailSecrets.fromJwtSecret(ctx.config.jwtSecret);
  }

  onModuleInit(): void {
    this.#stopping = false;
    this.#loop ??= this.#run();
  }

  async onModuleDestroy(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    this.#loop = undefined;
    this.#transport.close();
  }

  /** Claims one batch and delivers it; returns how many emails it handled. */
  async deliverBatch(): Promise<number> {
    const batch = await this.#emails.claim(this.ctx.db.db, this.#batch, this.#leaseSeconds);
    for (const email of batch) {
      try {
        // A sealed body (one-time code, reset link) is opened only here, for the recipient's mailbox.
        const body = email.sealedBody ? this.#secrets.open(email.sealedBody, email.to) : email.body;
        const status = await this.#transport.send({ id: email.id, to: email.to, subject: email.subject, body });
        await this.#emails.finish(this.ctx.db.db, email.id, status);
      } catch (err) {
        const retryIn = this.#retry.delayAfter(email.attempts);
        this.ctx.log.warn({ err, emailId: email.id, attempts: email.attempts, retryIn }, 'email delivery failed');
        await this.#emails.fail(this.ctx.db.db, email.id, String(err), retryIn);
      }
    }
    return batch.length;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let handled = 0;
      try {
        handled = await this.deliverBatch();
      } catch (err) {
        this.ctx.log.warn({ err }, 'email sender could not claim emails');
      }
      if (handled === 0 && !this.#stopping) await this.#sleep(this.#idleMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
