import { type QueueJob, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../payment-providers.registry';
import { SANDBOX_WEBHOOK_QUEUE, SANDBOX_WEBHOOK_RETRY, type SandboxWebhookJob } from './sandbox-webhook.job';
import { postSandboxWebhook } from './sandbox-webhook.post';

/**
 * Delivers the sandboxes' webhooks from the platform queue, each signed by its sandbox: an
 * answer other than 2xx (or no answer) fails the job, and the queue retries it with backoff,
 * then dead-letters it. Runs only while some provider is a sandbox. The queue stops with the
 * service.
 */
@Injectable()
export class SandboxWebhookWorker implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.providers.sandboxes().length === 0) return;
    await this.ctx.queue.define(SANDBOX_WEBHOOK_QUEUE, SANDBOX_WEBHOOK_RETRY);
    await this.ctx.queue.work<SandboxWebhookJob>(SANDBOX_WEBHOOK_QUEUE, (job) => this.deliver(job), {
      concurrency: 4,
    });
  }

  async deliver(job: QueueJob<SandboxWebhookJob>): Promise<void> {
    const sandbox = this.providers.named(job.data.provider ?? 'sandbox');
    if (!sandbox.signWebhook) throw new Error(`${sandbox.name} is live now: its sandbox sends no webhooks`);
    const { payload } = job.data;
    const res = await postSandboxWebhook(this.ctx.config, sandbox.name, payload, await sandbox.signWebhook(payload));
    if (res.status >= 200 && res.status < 300) return;
    throw new Error(`webhook ${job.data.eventId} answered ${res.status}: ${res.body.slice(0, 500)}`);
  }
}
