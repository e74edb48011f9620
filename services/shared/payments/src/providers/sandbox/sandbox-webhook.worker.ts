import { type QueueJob, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SANDBOX_WEBHOOK_QUEUE, SANDBOX_WEBHOOK_RETRY, type SandboxWebhookJob } from './sandbox-webhook.job';
import { postSandboxWebhook } from './sandbox-webhook.post';

/**
 * Delivers the sandbox's webhooks from the platform queue: an answer other than 2xx (or no
 * answer) fails the job, and the queue retries it with backoff, then dead-letters it. Runs
 * only while the sandbox is the provider (no Stripe key). The queue stops with the service.
 */
@Injectable()
export class SandboxWebhookWorker implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async onModuleInit(): Promise<void> {
    if (this.ctx.config.stripeApiKey) return;
    await this.ctx.queue.define(SANDBOX_WEBHOOK_QUEUE, SANDBOX_WEBHOOK_RETRY);
    await this.ctx.queue.work<SandboxWebhookJob>(SANDBOX_WEBHOOK_QUEUE, (job) => this.deliver(job), {
      concurrency: 4,
    });
  }

  async deliver(job: QueueJob<SandboxWebhookJob>): Promise<void> {
    const res = await postSandboxWebhook(this.ctx.config, job.data.payload);
    if (res.status >= 200 && res.status < 300) return;
    throw new Error(`webhook ${job.data.eventId} answered ${res.status}: ${res.body.slice(0, 500)}`);
  }
}
